package e2e_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
)

// errSignedOut: the gateway answered 401, the session is over (a SAML
// session ends with its credentials); the client signs in again.
var errSignedOut = errors.New("signed out")

// soakJar is one browser: a cookie jar signed in as one soak user at a
// time, through the gateway's real sign-in over HTTP.
type soakJar struct {
	env  *soakEnv
	name string
	hc   *http.Client

	mu   sync.Mutex
	user sandbox.SoakUser // who is signed in ("" username: nobody)
	csrf string
	conv string // the user's last conversation, to continue
}

func (e *soakEnv) newJar(name string) *soakJar {
	jar, _ := cookiejar.New(nil)
	return &soakJar{env: e, name: name, hc: &http.Client{Jar: jar, Transport: e.clientTransport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// current is who the jar is signed in as, and the page's CSRF token.
func (j *soakJar) current() (sandbox.SoakUser, string, string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.user, j.csrf, j.conv
}

func (j *soakJar) setConversation(u sandbox.SoakUser, id string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.user.Username == u.Username {
		j.conv = id
	}
}

// signIn signs u in at u's IdP through the gateway; the jar then holds
// u's session (whatever session it held before is replaced).
func (j *soakJar) signIn(ctx context.Context, u sandbox.SoakUser) error {
	idp := "corp"
	if u.IdP == "saml" {
		idp = "saml"
	}
	p, err := j.get(ctx, j.env.gwURL+"/login?idp="+idp)
	if err != nil {
		return err
	}
	if p.status != http.StatusSeeOther {
		return fmt.Errorf("sign in %s: /login answered %d", u.Username, p.status)
	}
	if p, err = j.get(ctx, p.location); err != nil {
		return err
	}
	if p, err = j.submit(ctx, p, url.Values{"username": {u.Username}, "password": {u.Password}}, ""); err != nil {
		return err
	}
	if idp == "saml" {
		// The IdP's auto-post form, posted cross-site to the ACS.
		if p.status != http.StatusOK {
			return fmt.Errorf("sign in %s: SAML IdP answered %d", u.Username, p.status)
		}
		p, err = j.submit(ctx, p, nil, "null")
	} else {
		if p.status != http.StatusFound && p.status != http.StatusSeeOther {
			return fmt.Errorf("sign in %s: OIDC IdP answered %d", u.Username, p.status)
		}
		p, err = j.get(ctx, p.location)
	}
	if err != nil {
		return err
	}
	if p.status != http.StatusSeeOther {
		return fmt.Errorf("sign in %s: the gateway's %s answered %d: %.200s", u.Username, idp, p.status, p.body)
	}
	return j.loadHome(ctx, u)
}

// loadHome reads the chat page's CSRF token.
func (j *soakJar) loadHome(ctx context.Context, u sandbox.SoakUser) error {
	p, err := j.get(ctx, j.env.gwURL+"/")
	if err != nil {
		return err
	}
	const meta = `<meta name="csrf-token" content="`
	i := strings.Index(p.body, meta)
	if p.status != http.StatusOK || i < 0 {
		return fmt.Errorf("sign in %s: the chat page (%d) has no CSRF token", u.Username, p.status)
	}
	rest := p.body[i+len(meta):]
	j.env.checkFrame(u, "chat page", p.body)
	j.mu.Lock()
	j.user, j.csrf, j.conv = u, rest[:strings.IndexByte(rest, '"')], ""
	j.mu.Unlock()
	j.env.secrets.add(j.csrf)
	j.env.secrets.add(j.sessionCookie())
	return nil
}

func (j *soakJar) sessionCookie() string {
	u, _ := url.Parse(j.env.gwURL)
	for _, c := range j.hc.Jar.Cookies(u) {
		if c.Name == "__Host-qbiz" {
			return c.Value
		}
	}
	return ""
}

// logout ends the jar's session with POST /logout.
func (j *soakJar) logout(ctx context.Context) error {
	_, csrf, _ := j.current()
	resp, err := j.api(ctx, http.MethodPost, "/logout", "{}", csrf)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusUnauthorized {
		return fmt.Errorf("logout: %d", resp.StatusCode)
	}
	j.mu.Lock()
	j.user, j.csrf, j.conv = sandbox.SoakUser{}, "", ""
	j.mu.Unlock()
	return nil
}

// turn is one chat request's outcome.
type turn struct {
	nonce        string
	conversation string // from the done frame
	done, failed bool   // a done or an error frame arrived
	cancelled    bool
}

// chat sends one message carrying nonce and reads the stream, checking
// every frame; cancelAfter > 0 cancels the request after that many frames.
// headersBack is called once the request is answered or failed (the jar's
// cookie has been sent).
func (j *soakJar) chat(ctx context.Context, u sandbox.SoakUser, csrf, conv, nonce string, cancelAfter int, headersBack func()) (turn, error) {
	t := turn{nonce: nonce}
	body, _ := json.Marshal(map[string]string{"message": "nonce:" + nonce + " What is the soak canary of this account?", "conversationId": conv})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	resp, err := j.api(ctx, http.MethodPost, "/api/chat", string(body), csrf)
	headersBack()
	if err != nil {
		return t, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return t, errSignedOut
	case resp.StatusCode != http.StatusOK:
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		j.env.checkFrame(u, "chat refusal", string(b))
		return t, fmt.Errorf("chat: %d %s", resp.StatusCode, b)
	}
	frames := 0
	rd := bufio.NewReader(resp.Body)
	for {
		name, data, err := readFrame(rd)
		if err != nil {
			t.cancelled = ctx.Err() != nil
			if t.cancelled || t.done || t.failed {
				return t, nil
			}
			return t, fmt.Errorf("chat stream: %w", err)
		}
		frames++
		j.env.checkFrame(u, "chat "+name+" frame", data)
		switch name {
		case "done":
			var d struct {
				ConversationID string `json:"conversationId"`
			}
			_ = json.Unmarshal([]byte(data), &d)
			t.done, t.conversation = true, d.ConversationID
		case "error":
			t.failed = true
		}
		if cancelAfter > 0 && frames >= cancelAfter {
			cancel()
		}
	}
}

// readFrame reads one SSE frame: its event name and data.
func readFrame(rd *bufio.Reader) (name, data string, err error) {
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return "", "", err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && name != "":
			return name, data, nil
		case strings.HasPrefix(line, "event: "):
			name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data += line[len("data: "):]
		}
	}
}

// getJSON reads an authenticated GET and checks it holds only u's canary.
func (j *soakJar) getJSON(ctx context.Context, u sandbox.SoakUser, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.env.gwURL+path, nil)
	if err != nil {
		return err
	}
	resp, err := j.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return err
	}
	j.env.checkFrame(u, "GET "+path, string(b))
	switch resp.StatusCode {
	case http.StatusOK:
		return json.Unmarshal(b, v)
	case http.StatusUnauthorized:
		return errSignedOut
	}
	return fmt.Errorf("GET %s: %d", path, resp.StatusCode)
}

// api sends a same-origin JSON request with the page's CSRF token.
func (j *soakJar) api(ctx context.Context, method, path, body, csrf string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, j.env.gwURL+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Origin", j.env.gwURL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	return j.hc.Do(req)
}

// soakPage is a response read in full.
type soakPage struct {
	status   int
	location string
	body     string
	url      *url.URL
}

func (j *soakJar) get(ctx context.Context, target string) (soakPage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return soakPage{}, err
	}
	return j.do(req)
}

// submit posts p's first form with its hidden fields plus extra; origin,
// when set, is the Origin header a browser would send.
func (j *soakJar) submit(ctx context.Context, p soakPage, extra url.Values, origin string) (soakPage, error) {
	f, err := sandboxtest.ParseForm(p.url, []byte(p.body))
	if err != nil {
		return soakPage{}, err
	}
	for k, v := range extra {
		f.Fields[k] = v
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.Action, strings.NewReader(f.Fields.Encode()))
	if err != nil {
		return soakPage{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	return j.do(req)
}

func (j *soakJar) do(req *http.Request) (soakPage, error) {
	resp, err := j.hc.Do(req)
	if err != nil {
		return soakPage{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return soakPage{}, err
	}
	loc := resp.Header.Get("Location")
	if loc != "" {
		if u, err := req.URL.Parse(loc); err == nil {
			loc = u.String()
		}
	}
	return soakPage{status: resp.StatusCode, location: loc, body: string(b), url: req.URL}, nil
}
