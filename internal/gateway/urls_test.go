package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// urlSpy watches one gateway's traffic for WEB-02: it learns every token
// and key the gateway receives (from the IdP's token responses, STS and
// Identity Center) and every one the browser holds (SAML response,
// session id, CSRF token), and records every URL requested by the
// browser or the gateway, every Location sent and every Referer.
type urlSpy struct {
	mu       sync.Mutex
	secrets  map[string]string // value -> kind
	observed []string          // URLs, Locations and Referers, labelled
	policies []string          // Referrer-Policy of every gateway response
}

var secretFields = []*regexp.Regexp{
	regexp.MustCompile(`"(id_token|access_token|refresh_token|accessToken|refreshToken|idToken|` +
		`accessKeyId|secretAccessKey|sessionToken)"\s*:\s*"([^"]+)"`),
	regexp.MustCompile(`<(AccessKeyId|SecretAccessKey|SessionToken)>([^<]+)<`),
}

func (s *urlSpy) secret(kind, v string) {
	if len(v) < 8 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets[v] = kind
}

func (s *urlSpy) observe(label, v string) {
	if v == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.observed = append(s.observed, label+" "+v)
}

// learn reads the secrets out of a JSON or XML answer to the gateway
// (never a stream, which has no length).
func (s *urlSpy) learn(resp *http.Response) {
	ct := resp.Header.Get("Content-Type")
	if resp.ContentLength < 0 || !strings.Contains(ct, "json") && !strings.Contains(ct, "xml") {
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	for _, re := range secretFields {
		for _, m := range re.FindAllSubmatch(body, -1) {
			s.secret(string(m[1]), string(m[2]))
		}
	}
}

type spyTransport struct {
	s       *urlSpy
	label   string
	gateway string // the gateway's origin, for the browser's transport
	next    http.RoundTripper
}

func (t spyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.s.observe(t.label+" requests", r.URL.String())
	t.s.observe(t.label+" sends Referer", r.Header.Get("Referer"))
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	t.s.observe(t.label+" is sent to", resp.Header.Get("Location"))
	if t.gateway == "" {
		t.s.learn(resp)
	} else if strings.HasPrefix(r.URL.String(), t.gateway) {
		t.s.mu.Lock()
		t.s.policies = append(t.s.policies, r.URL.Path+": "+resp.Header.Get("Referrer-Policy"))
		t.s.mu.Unlock()
	}
	return resp, nil
}

// spyClient is the gateway's client toward AWS, watched.
type spyClient struct {
	s    *urlSpy
	next aws.HTTPClient
}

func (c spyClient) Do(r *http.Request) (*http.Response, error) {
	c.s.observe("gateway requests", r.URL.String())
	resp, err := c.next.Do(r)
	if err == nil {
		c.s.learn(resp)
	}
	return resp, err
}

// spyOn makes the gateway's calls to the IdP, to STS and to Identity
// Center pass through s (its Q Business calls, signed by the SDK, carry
// no token in their URLs and stream, so they are left alone).
func spyOn(s *urlSpy) func(*config.Gateway, *gateway.Deps) {
	return func(_ *config.Gateway, d *gateway.Deps) {
		d.HTTP = &http.Client{Timeout: d.HTTP.Timeout, Transport: spyTransport{s: s, label: "gateway", next: http.DefaultTransport}}
		app := d.AppConfig
		d.AppConfig = func(ctx context.Context) (aws.Config, error) {
			c, err := app(ctx)
			c.HTTPClient = spyClient{s: s, next: c.HTTPClient}
			return c, err
		}
	}
}

// spyBrowser is a browser of w whose requests pass through s.
func (s *urlSpy) browser(w *world) *browser {
	b := w.browser()
	b.hc.Transport = spyTransport{s: s, label: "browser", gateway: w.url, next: b.hc.Transport}
	return b
}

// leaks lists each secret found, whole or its last 24 characters, in an
// observed URL, Location or Referer, raw or percent-decoded.
func leaks(secrets map[string]string, observed []string) []string {
	var out []string
	for _, o := range observed {
		forms := []string{o}
		if u, err := url.QueryUnescape(o); err == nil {
			forms = append(forms, u)
		}
		for v, kind := range secrets {
			for _, f := range forms {
				if strings.Contains(f, v) || len(v) > 24 && strings.Contains(f, v[len(v)-24:]) {
					out = append(out, kind+" in: "+o)
					break
				}
			}
		}
	}
	return out
}

// session drives one signed-in user through chat, the conversation list,
// one conversation, feedback, its deletion and logout, noting its session
// id and CSRF token as secrets.
func (s *urlSpy) session(t *testing.T, b *browser, csrf string) {
	t.Helper()
	s.secret("session id", b.cookie("__Host-qbiz"))
	s.secret("CSRF token", csrf)
	chat := b.api(http.MethodPost, "/api/chat", `{"message":"What is the project budget?"}`, csrf)
	i := strings.Index(chat.body, "event: done\ndata: ")
	if chat.status != http.StatusOK || i < 0 {
		t.Fatalf("chat: %d %.400s", chat.status, chat.body)
	}
	var done struct{ ConversationID, SystemMessageID string }
	data := chat.body[i+len("event: done\ndata: "):]
	if err := json.Unmarshal([]byte(data[:strings.IndexByte(data, '\n')]), &done); err != nil || done.ConversationID == "" {
		t.Fatalf("done frame: %v %.300s", err, data)
	}
	conv := "/api/conversations/" + url.PathEscape(done.ConversationID)
	fb, _ := json.Marshal(map[string]string{"conversationId": done.ConversationID, "messageId": done.SystemMessageID,
		"usefulness": "USEFUL"})
	for _, c := range []struct {
		method, path, body string
		want               int
	}{
		{http.MethodGet, "/api/conversations", "", http.StatusOK},
		{http.MethodGet, conv, "", http.StatusOK},
		{http.MethodPost, "/api/feedback", string(fb), http.StatusNoContent},
		{http.MethodDelete, conv, "", http.StatusNoContent},
		{http.MethodGet, "/api/me", "", http.StatusOK},
		{http.MethodPost, "/logout", "{}", http.StatusNoContent},
	} {
		if p := b.api(c.method, c.path, c.body, csrf); p.status != c.want {
			t.Fatalf("%s %s: %d, want %d: %.300s", c.method, c.path, p.status, c.want, p.body)
		}
	}
}

// WEB-02, tokens never in URLs (ASVS 14.2.1): OIDC, SAML and Identity
// Center sign-ins, then chat, the conversation list, one conversation,
// feedback, deletion and logout, each through the gateway over HTTP. No
// ID, access or refresh token, SAML response, session id, CSRF token or
// AWS key appears in any URL the browser or the gateway requested, any
// Location either was sent to or any Referer; every gateway response
// says Referrer-Policy: no-referrer, so no page of it can hand its URL to
// another site. The checker's twin: the same records with one secret of
// each kind put in a URL are each reported.
func TestNoTokenInAnyURL(t *testing.T) {
	sb, err := sharedSandbox()
	if err != nil {
		t.Fatal(err)
	}
	base := startWorld(t)
	s := &urlSpy{secrets: map[string]string{}}
	w := startGateway(t, sb, base.store, base.sealer, spyOn(s))

	b := s.browser(w)
	s.session(t, b, b.signInOIDC("corp", scenario.Mary))

	b = s.browser(w)
	f := b.samlResponse(scenario.Mary, "")
	s.secret("SAML response", f.Fields.Get("SAMLResponse"))
	if p := b.postForm(f.Action, "null", f.Fields); p.status != http.StatusSeeOther {
		t.Fatalf("ACS: %d %.300s", p.status, p.body)
	}
	s.session(t, b, b.home())

	b = s.browser(w)
	s.session(t, b, b.signInOIDC("idc", scenario.Mateo))

	kinds := map[string]bool{}
	for _, k := range s.secrets {
		kinds[k] = true
	}
	for _, k := range []string{"id_token", "access_token", "refresh_token", "accessToken", "SAML response",
		"session id", "CSRF token", "AccessKeyId", "SecretAccessKey", "SessionToken"} {
		if !kinds[k] {
			t.Errorf("no %s seen: the check would be vacuous", k)
		}
	}
	if l := leaks(s.secrets, s.observed); len(l) > 0 {
		t.Errorf("secrets in URLs:\n%s", strings.Join(l, "\n"))
	}
	for _, p := range s.policies {
		if !strings.HasSuffix(p, ": no-referrer") {
			t.Errorf("Referrer-Policy %s", p)
		}
	}
	t.Logf("%d URLs, Locations and Referers checked against %d secrets", len(s.observed), len(s.secrets))

	for v, kind := range s.secrets {
		planted := append(s.observed[:len(s.observed):len(s.observed)], "gateway is sent to "+w.url+"/?next="+url.QueryEscape(v))
		if l := leaks(map[string]string{v: kind}, planted); len(l) != 1 {
			t.Errorf("a %s put in a Location is not reported: %v", kind, l)
		}
	}
}
