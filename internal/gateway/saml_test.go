package gateway_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// Mary signs in through the sandbox's SAML IdP: the response posted to
// /saml/acs is verified, relayed to STS, and she lands where she was
// going with a session.
func TestSAMLSignIn(t *testing.T) {
	w := startWorld(t)
	b := w.browser()
	f := b.samlResponse(scenario.Mary, "/?from=saml")
	p := b.postForm(f.Action, "null", f.Fields)
	if p.status != http.StatusSeeOther || p.location() != "/?from=saml" {
		t.Fatalf("ACS: %d to %q %.300s", p.status, p.location(), p.body)
	}
	if me := b.get(w.url + "/api/me"); me.status != http.StatusOK || !strings.Contains(me.body, scenario.Mary) ||
		!strings.Contains(me.body, `"mode":"saml"`) {
		t.Fatalf("/api/me: %d %s", me.status, me.body)
	}
}

// The IdP's post is cross-site, so a browser sends no SameSite=Lax tx
// cookie with it: the gateway answers with a same-origin re-post and
// consumes nothing; the re-post (cookie sent) signs in. The same re-post
// from a browser without the cookie is refused.
func TestSAMLCrossSitePost(t *testing.T) {
	w := startWorld(t)
	b := w.browser()
	f := b.samlResponse(scenario.Mary, "")
	tx := b.cookie("__Host-qbiz-tx")
	b.setCookie("__Host-qbiz-tx", "") // withheld, as SameSite=Lax does on a cross-site POST
	first := w.browser()
	p := first.postForm(f.Action, "null", f.Fields)
	if p.status != http.StatusOK || !strings.Contains(p.body, `action="/saml/acs"`) || !strings.Contains(p.body, "qbiz_resubmit") {
		t.Fatalf("cross-site post: %d %.400s", p.status, p.body)
	}
	if strings.Contains(p.header.Get("Content-Security-Policy"), "unsafe-inline") || !strings.Contains(p.body, "nonce=") {
		t.Fatal("the re-post page's script is not nonce-bound")
	}
	again := url.Values{"SAMLResponse": {f.Fields.Get("SAMLResponse")}, "RelayState": {f.Fields.Get("RelayState")},
		"qbiz_resubmit": {"1"}}
	refused(t, first.postForm(w.url+"/saml/acs", w.url, again)) // no tx cookie: not this browser
	b.setCookie("__Host-qbiz-tx", tx)
	if p := b.postForm(w.url+"/saml/acs", w.url, again); p.status != http.StatusSeeOther {
		t.Fatalf("same-origin re-post with the cookie: %d %.300s", p.status, p.body)
	}
}

// A SAML response is used once: posted again, even with its tx cookie,
// it is refused.
func TestSAMLReplayRefused(t *testing.T) {
	w := startWorld(t)
	b := w.browser()
	f := b.samlResponse(scenario.Mary, "")
	tx := b.cookie("__Host-qbiz-tx")
	if p := b.postForm(f.Action, "null", f.Fields); p.status != http.StatusSeeOther {
		t.Fatalf("first post: %d %.300s", p.status, p.body)
	}
	b.setCookie("__Host-qbiz-tx", tx)
	refused(t, b.postForm(f.Action, "null", f.Fields))
}
