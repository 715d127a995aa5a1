package e2e_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// canary is a server no page may ever reach: each hostile vector of the
// document below would call it if its script ran.
type canary struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits []string
}

func newCanary(t *testing.T) *canary {
	c := &canary{}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.hits = append(c.hits, r.URL.Path)
		c.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *canary) called() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.hits...)
}

// hostileDocument is a page someone with write access to a data source
// poisoned: markup with script in an image's onerror, javascript: links
// in markdown and HTML, in the title and as the source URL. Mary alone
// may read it.
func hostileDocument(canaryURL string) webDocument {
	run := func(name string) string { return `window.pwned='` + name + `';fetch('` + canaryURL + `/` + name + `')` }
	return webDocument{
		id:    "wombat-roster",
		title: `Wombat roster <img src=x onerror="` + run("title") + `">`,
		url:   "javascript:" + run("source"),
		content: `The wombat roster says <img src=x onerror="` + run("img") + `"> keeps the wombats, as [the roster page](javascript:` + run("markdown") + `) shows.
The wombat roster says its archive is <a href="javascript:` + run("anchor") + `">here</a> for each wombat handover.`,
		reader: scenario.Mary,
	}
}

// watchViolations counts the page's Content-Security-Policy violations:
// markup turned into elements would try to run its handlers.
const watchViolations = `(() => {
	window.cspViolations = 0;
	document.addEventListener('securitypolicyviolation', () => { window.cspViolations++ });
	return '';
})()`

func TestBrowserHostileDocumentRunsNoScript(t *testing.T) {
	b := newWebTab(t, 1024, 768)
	gw := startWebGateway(t)
	c := newCanary(t)
	gw.putDocument(t, hostileDocument(c.srv.URL))
	b.signIn(gw, "oidc", scenario.Mary)
	b.Eval(watchViolations)

	b.ask("What does the wombat roster say?")
	body, cites := b.lastAnswer()
	if !strings.Contains(body, "<img src=x onerror=") || !strings.Contains(strings.Join(cites, "|"), "Wombat roster <img") {
		t.Errorf("answer %q citing %q: want the wombat roster's markup quoted, as text", body, cites)
	}
	b.inert("the streamed answer", c)

	// The same answer read back from the conversation list renders it again.
	b.Do("resume the conversation",
		chromedp.Click(chromedp.CSS(`#new-conversation`)),
		chromedp.WaitVisible(chromedp.CSS(`#empty`)),
		chromedp.Click(chromedp.CSS(`#conversations li .open`)),
		chromedp.WaitVisible(chromedp.CSS(`.answer .citation`)),
	)
	if body, _ := b.lastAnswer(); !strings.Contains(body, "<img src=x onerror=") {
		t.Errorf("resumed answer %q", body)
	}
	b.inert("the resumed answer", c)
	b.NoProblems()
}

// inert fails unless the hostile document's markup stayed text: no
// script ran, no element that could run one exists, no link but an
// http(s) one, and clicking where the hostile links are shown does
// nothing.
func (b *webTab) inert(what string, c *canary) {
	b.t.Helper()
	b.Eval(`Array.from(document.querySelectorAll('#messages .citation-label, #messages a')).forEach(e => {
		if (!/^https?:/.test(e.getAttribute('href') || '')) e.click() }), ''`)
	if n := b.Eval(`String(document.querySelectorAll('#messages img, #messages script, #messages iframe, #messages [onerror]').length)`); n != "0" {
		b.t.Errorf("%s: %s active elements from the document", what, n)
	}
	hrefs := b.Eval(`Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')).join('\n')`)
	for _, h := range strings.Split(hrefs, "\n") {
		safe := strings.HasPrefix(h, "https://") || strings.HasPrefix(h, "http://") // the text's bare URLs are links
		if h != "" && h != "/" && h != "#message" && !safe {
			b.t.Errorf("%s: a link to %q", what, h)
		}
	}
	if p := b.Eval(`String(window.pwned)`); p != "undefined" {
		b.t.Errorf("%s: the document's script ran (window.pwned = %s)", what, p)
	}
	if v := b.Eval(`String(window.cspViolations)`); v != "0" {
		b.t.Errorf("%s: %s Content-Security-Policy violations", what, v)
	}
	if hits := c.called(); len(hits) > 0 {
		b.t.Errorf("%s: the canary was called at %q", what, hits)
	}
}
