package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/qbiz/qbiz/internal/browsertest"
)

// The browser test drives app.js in Chromium against a stand-in for the
// gateway: the real pages and assets, under the gateway's CSP, and an API
// that answers in the gateway API's shapes. It proves what a unit test cannot:
// the script runs under the CSP, streams, renders hostile documents inert,
// and sends the CSRF token. The full gateway is tested end to end in e2e.

const stubCSRF = "csrf-stub-token"

// hostile is an answer as a poisoned document would make Q Business quote it.
var hostile = []string{
	"Here is **the plan** [1].\n\n",
	`<img src=x onerror="window.pwned='img'"> and <iframe src="javascript:window.pwned='iframe'"></iframe>`,
	"\n\n- [click me](javascript:window.pwned='link')\n- [data](data:text/html,<script>window.pwned='data'</script>)\n",
	"- [safe](https://docs.example.com/plan)\n",
}

type stub struct {
	t        *testing.T
	mu       sync.Mutex
	calls    []string // "METHOD path" of every API call
	feedback map[string]string
	bad      []string // requests without the CSRF token or JSON type
	out      bool     // signed out
}

func (s *stub) record(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, r.Method+" "+r.URL.Path)
	if r.Method != http.MethodGet && (r.Header.Get("X-CSRF-Token") != stubCSRF || r.Header.Get("Content-Type") != "application/json") {
		s.bad = append(s.bad, r.Method+" "+r.URL.Path)
	}
}

func (s *stub) called(call string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.calls {
		if c == call {
			return true
		}
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *stub) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/static/", Static())
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		nonce := fmt.Sprintf("nonce%d", time.Now().UnixNano())
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'nonce-"+nonce+"'; style-src 'self' 'nonce-"+nonce+
			"'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		w.Header().Set("Cache-Control", "no-store")
		s.mu.Lock()
		out := s.out
		s.mu.Unlock()
		if out {
			_ = Render(w, http.StatusOK, "signedout", Page{Nonce: nonce, IdPs: chooser()})
			return
		}
		_ = Render(w, http.StatusOK, "chat", Page{Nonce: nonce, CSRF: stubCSRF, Expires: time.Now().Add(3 * time.Minute),
			User: &UserInfo{Name: "Mary Major", Email: "mary@example.com", IdP: "ACME Okta"}})
	})
	mux.HandleFunc("GET /api/me", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		writeJSON(w, 200, map[string]any{"email": "mary@example.com", "name": "Mary Major", "idp": "okta",
			"expires": time.Now().Add(3 * time.Minute).UTC().Format(time.RFC3339)})
	})
	mux.HandleFunc("GET /api/conversations", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		writeJSON(w, 200, map[string]any{"conversations": []map[string]any{
			{"conversationId": "c-old", "title": `<img src=x onerror="window.pwned='title'">Old plans`},
		}})
	})
	mux.HandleFunc("GET /api/conversations/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		writeJSON(w, 200, map[string]any{"messages": []map[string]any{
			{"messageId": "u1", "type": "USER", "body": "What was the old plan?"},
			{"messageId": "s1", "type": "SYSTEM", "body": "The *old* plan.", "sources": []any{}},
		}})
	})
	mux.HandleFunc("DELETE /api/conversations/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/feedback", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		var fb map[string]string
		_ = json.NewDecoder(r.Body).Decode(&fb)
		s.mu.Lock()
		s.feedback = fb
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /logout", func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		s.mu.Lock()
		s.out = true
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/chat", s.chat)
	return mux
}

func (s *stub) chat(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	var in struct{ Message, ConversationID string }
	_ = json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in)
	switch in.Message {
	case "throttle me":
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"message": "Q Business is busy right now. Wait a little and try again."})
		return
	case "expire me":
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Sign in first."})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	fl := http.NewResponseController(w)
	for _, chunk := range hostile {
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "event: text\ndata: %s\n\n", b)
		_ = fl.Flush()
	}
	done, _ := json.Marshal(map[string]any{"conversationId": "c-new", "systemMessageId": "m-1", "answer": strings.Join(hostile, ""),
		"sources": []map[string]any{
			{"title": "ACME plan", "url": "https://docs.example.com/plan", "snippet": "<b>the</b> plan", "citationNumber": 1},
			{"title": "Evil", "url": "javascript:window.pwned='source'", "snippet": "", "citationNumber": 2},
		}})
	fmt.Fprintf(w, "event: done\ndata: %s\n\n", done)
}

func TestChatPageInBrowser(t *testing.T) {
	s := &stub{t: t}
	srv := httptest.NewServer(s.handler()) // 127.0.0.1
	defer srv.Close()

	b := browsertest.New(t, 360, 740)

	b.Do("load",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#expiry`)),
		chromedp.WaitReady(chromedp.CSS(`#conversations li .open`)),
	)
	b.Eval(`document.addEventListener('securitypolicyviolation', () => { window.cspViolations = (window.cspViolations || 0) + 1 }); ''`)
	if title := b.Text(`#conversations li .open`); !strings.Contains(title, `<img src=x onerror=`) {
		t.Errorf("conversation title not shown as text: %q", title)
	}
	if e := b.Text(`#expiry`); !strings.Contains(e, "Your session ends in") {
		t.Errorf("expiry banner says %q", e)
	}
	if w := b.Eval(`String(document.documentElement.scrollWidth) + ' ' + String(window.innerWidth)`); w != "360 360" {
		t.Errorf("page width and screen width: %s", w)
	}

	b.Do("Shift+Enter makes a new line",
		chromedp.Focus(chromedp.CSS(`#message`)),
		chromedp.SendKeys(chromedp.CSS(`#message`), "a"),
		chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(kb.ModifierShift)),
		chromedp.SendKeys(chromedp.CSS(`#message`), "b"),
	)
	if v := browsertest.Run(b, "value", chromedp.Value(chromedp.CSS(`#message`))); v != "a\nb" || s.called("POST /api/chat") {
		t.Errorf("after a, Shift+Enter, b: message box %q, chat sent %v", v, s.called("POST /api/chat"))
	}

	b.Eval(`document.getElementById('message').value = ''; ''`)
	b.Do("Enter sends and the answer streams",
		chromedp.SendKeys(chromedp.CSS(`#message`), "What is the plan?"),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`.answer[aria-busy="false"] .feedback-useful`)),
	)
	if a := b.Text(`.answer .answer-body`); !strings.Contains(a, "the plan") || !strings.Contains(a, "<img src=x onerror=") {
		t.Errorf("answer text %q", a)
	}
	if n := b.Eval(`String(document.querySelectorAll('#messages img, #messages iframe, #messages script, #messages [onerror]').length)`); n != "0" {
		t.Errorf("%s active elements from the document rendered", n)
	}
	if l := b.Eval(`Array.from(document.querySelectorAll('#messages a')).map(a => a.getAttribute('href')).join(' ')`); l != "https://docs.example.com/plan https://docs.example.com/plan" {
		t.Errorf("links rendered: %q (want the safe one in the answer and its citation)", l)
	}
	if c := b.Eval(`Array.from(document.querySelectorAll('.citation')).map(c => c.textContent).join('|')`); c != "[1] ACME plan<b>the</b> plan|[2] Evil" {
		t.Errorf("citations: %q", c)
	}

	b.Do("feedback",
		chromedp.Click(chromedp.CSS(`.feedback-useful`)),
		chromedp.WaitVisible(chromedp.CSS(`.feedback-useful[aria-pressed="true"]`)),
	)
	s.mu.Lock()
	fb := s.feedback
	s.mu.Unlock()
	if fb["conversationId"] != "c-new" || fb["messageId"] != "m-1" || fb["usefulness"] != "USEFUL" {
		t.Errorf("feedback sent %v", fb)
	}

	b.Do("throttled",
		chromedp.SendKeys(chromedp.CSS(`#message`), "throttle me"),
		chromedp.Click(chromedp.CSS(`#send`)),
		chromedp.WaitVisible(chromedp.CSS(`#error`)),
	)
	if e, v := b.Text(`#error .banner-text`), browsertest.Run(b, "value", chromedp.Value(chromedp.CSS(`#message`))); !strings.Contains(e, "Wait a little") || v != "throttle me" {
		t.Errorf("throttled: banner %q, message box %q", e, v)
	}

	b.Do("resume",
		chromedp.Click(chromedp.CSS(`#toggle-conversations`)),
		chromedp.Click(chromedp.CSS(`#conversations li[data-id="c-old"] .open`)),
		chromedp.WaitVisible(chromedp.CSS(`.question`)),
		chromedp.WaitNotVisible(chromedp.CSS(`#sidebar`)),
	)
	if q := b.Text(`.question`); !strings.Contains(q, "What was the old plan?") {
		t.Errorf("resumed conversation shows %q", q)
	}
	b.Eval(`window.confirm = () => true; ''`)
	b.Do("delete",
		chromedp.Click(chromedp.CSS(`#toggle-conversations`)),
		chromedp.Click(chromedp.CSS(`#conversations li[data-id="c-old"] .delete`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#conversations li[data-id="c-old"]`)),
	)
	if !s.called("GET /api/conversations/c-old") || !s.called("DELETE /api/conversations/c-old") {
		t.Errorf("resume or delete not called: %v", s.calls)
	}
	if x := b.Eval(`document.getElementById('toggle-conversations').getAttribute('aria-expanded')`); x != "false" {
		t.Errorf("deleting the open conversation left the list open (aria-expanded %s)", x)
	}

	b.Eval(`document.getElementById('message').value = ''; ''`)
	b.Do("session ended",
		chromedp.SendKeys(chromedp.CSS(`#message`), "expire me"),
		chromedp.Click(chromedp.CSS(`#send`)),
		chromedp.WaitVisible(chromedp.CSS(`#expiry[role="alert"]`)),
	)
	if e := b.Text(`#expiry`); !strings.Contains(e, "Your session ended — sign in again") {
		t.Errorf("after a 401 the banner says %q", e)
	}
	if p := b.Eval(`String(window.pwned)`); p != "undefined" {
		t.Errorf("a document's script ran: window.pwned = %s", p)
	}
	if v := b.Eval(`String(window.cspViolations || 0)`); v != "0" {
		t.Errorf("%s CSP violations", v)
	}

	b.Do("sign out",
		chromedp.Click(chromedp.CSS(`#signout`)),
		chromedp.WaitVisible(chromedp.CSS(`a.idp`)),
	)
	if loc := browsertest.Run(b, "location", chromedp.Location()); loc != srv.URL+"/" || !s.called("POST /logout") {
		t.Errorf("after sign-out at %s, logout called %v", loc, s.called("POST /logout"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.bad) > 0 {
		t.Errorf("requests without the CSRF token or JSON content type: %v", s.bad)
	}
	b.NoProblems()
}
