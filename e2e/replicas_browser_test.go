package e2e_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
)

// replicaBrowser is one browser's cookie jar talking to the public URL.
type replicaBrowser struct {
	t      *testing.T
	public string
	hc     *http.Client
	csrf   string // the chat page's token, once signed in
}

func newReplicaBrowser(t *testing.T, public string) *replicaBrowser {
	jar, _ := cookiejar.New(nil)
	return &replicaBrowser{t: t, public: public, hc: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signInOIDC signs user in at the corp (OIDC) IdP and loads the chat page.
func (b *replicaBrowser) signInOIDC(user sandbox.UserInfo) {
	b.t.Helper()
	p := b.get(b.public + "/login?idp=corp")
	p = b.get(b.want(p, http.StatusSeeOther).location)
	p = b.submit(p, url.Values{"username": {user.Username}, "password": {user.Password}}, "")
	if p.status != http.StatusFound && p.status != http.StatusSeeOther {
		b.t.Fatalf("OIDC IdP answered %d: %.300s", p.status, p.body)
	}
	b.want(b.get(p.location), http.StatusSeeOther)
	b.loadHome()
}

// samlResponse begins a SAML sign-in and signs user in at the IdP: the
// form its auto-post page would post to the ACS.
func (b *replicaBrowser) samlResponse(user sandbox.UserInfo) soakPage {
	b.t.Helper()
	p := b.get(b.public + "/login?idp=saml")
	p = b.get(b.want(p, http.StatusSeeOther).location)
	return b.want(b.submit(p, url.Values{"username": {user.Username}, "password": {user.Password}}, ""), http.StatusOK)
}

// loadHome reads the chat page's CSRF token.
func (b *replicaBrowser) loadHome() {
	b.t.Helper()
	p := b.want(b.get(b.public+"/"), http.StatusOK)
	const meta = `<meta name="csrf-token" content="`
	i := strings.Index(p.body, meta)
	if i < 0 {
		b.t.Fatalf("the chat page has no CSRF token: %.300s", p.body)
	}
	rest := p.body[i+len(meta):]
	b.csrf = rest[:strings.IndexByte(rest, '"')]
}

func (b *replicaBrowser) cookie(name string) string {
	u, _ := url.Parse(b.public)
	for _, c := range b.hc.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func (b *replicaBrowser) setCookie(name, value string) {
	u, _ := url.Parse(b.public)
	b.hc.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/", Secure: true, HttpOnly: true}})
}

// chat asks message through POST /api/chat and returns the done frame.
func (b *replicaBrowser) chat(message string) *gwDone {
	b.t.Helper()
	body, _ := json.Marshal(map[string]string{"message": message})
	p := b.want(b.api(http.MethodPost, "/api/chat", string(body)), http.StatusOK)
	frames := gwParseSSE(p.body)
	if len(frames) == 0 || frames[len(frames)-1].event != "done" {
		b.t.Fatalf("chat %q: frames %q, want them to end with done", message, frames)
	}
	var d gwDone
	if err := json.Unmarshal([]byte(frames[len(frames)-1].data), &d); err != nil {
		b.t.Fatalf("done frame: %v", err)
	}
	return &d
}

// me is GET /api/me: the status and the signed-in email.
func (b *replicaBrowser) me() (int, string) {
	b.t.Helper()
	p := b.get(b.public + "/api/me")
	var me struct {
		Email string `json:"email"`
	}
	_ = json.Unmarshal([]byte(p.body), &me)
	return p.status, me.Email
}

// api sends a same-origin JSON request with the page's CSRF token, as the
// chat page's script does.
func (b *replicaBrowser) api(method, path, body string) soakPage {
	b.t.Helper()
	req, err := http.NewRequest(method, b.public+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Origin", b.public)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", b.csrf)
	return b.do(req)
}

func (b *replicaBrowser) get(target string) soakPage {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// submit posts p's first form with its fields plus extra; origin, when
// set, is the Origin header a browser would send.
func (b *replicaBrowser) submit(p soakPage, extra url.Values, origin string) soakPage {
	b.t.Helper()
	f, err := sandboxtest.ParseForm(p.url, []byte(p.body))
	if err != nil {
		b.t.Fatalf("%s: %v", p.url, err)
	}
	for k, v := range extra {
		f.Fields[k] = v
	}
	req, err := http.NewRequest(http.MethodPost, f.Action, strings.NewReader(f.Fields.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	return b.do(req)
}

func (b *replicaBrowser) do(req *http.Request) soakPage {
	b.t.Helper()
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatalf("%s %s: read: %v", req.Method, req.URL, err)
	}
	loc := resp.Header.Get("Location")
	if u, err := req.URL.Parse(loc); loc != "" && err == nil {
		loc = u.String()
	}
	return soakPage{status: resp.StatusCode, location: loc, body: string(body), url: req.URL}
}

func (b *replicaBrowser) want(p soakPage, status int) soakPage {
	b.t.Helper()
	if p.status != status {
		b.t.Fatalf("%s: %d, want %d: %.300s", p.url, p.status, status, p.body)
	}
	return p
}
