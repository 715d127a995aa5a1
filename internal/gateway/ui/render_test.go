package ui

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

const testNonce = "n0nce-R4nd0m"

// tag is one start tag of a page: its name and attributes (lower case).
type tag struct {
	name  string
	attrs map[string]string
	raw   string
}

var (
	tagRE  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>`)
	attrRE = regexp.MustCompile(`([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?`)
)

// tags lists the start tags of page, as a browser's tokenizer would see
// them in our templates' markup.
func tags(page string) []tag {
	var out []tag
	for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
		t := tag{name: strings.ToLower(m[1]), attrs: map[string]string{}, raw: m[0]}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			t.attrs[strings.ToLower(a[1])] = strings.Trim(a[2], `"'`)
		}
		out = append(out, t)
	}
	return out
}

func render(t *testing.T, name string, p Page) (*httptest.ResponseRecorder, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := Render(rec, http.StatusOK, name, p); err != nil {
		t.Fatalf("Render(%q): %v", name, err)
	}
	return rec, rec.Body.String()
}

func signedIn() Page {
	return Page{Nonce: testNonce, CSRF: "csrf-token-123", Expires: time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC),
		User: &UserInfo{Name: "Mary Major", Email: "mary@example.com", IdP: "ACME Okta"}}
}

func chooser() []IdP {
	return []IdP{
		{Name: "okta", Label: "ACME Okta", LoginURL: "/login?idp=okta"},
		{Name: "entra", Label: "AnyOrg Entra ID", LoginURL: "/login?idp=entra&return=%2Fx"},
		{Name: "idc", Label: "Identity Center", LoginURL: "/login?idp=idc"},
	}
}

// allPages is every page as the gateway renders it.
func allPages() map[string]Page {
	return map[string]Page{
		"chat":      signedIn(),
		"signin":    {Nonce: testNonce, IdPs: chooser(), Error: "That sign-in expired. Try again."},
		"error":     {Nonce: testNonce, IdPs: chooser(), Error: "The sign-in was refused."},
		"signedout": {Nonce: testNonce, IdPs: chooser()},
	}
}

// nonceViolations lists the script, style and stylesheet tags of page
// without the nonce.
func nonceViolations(page, nonce string) []string {
	var bad []string
	for _, tg := range tags(page) {
		sheet := tg.name == "link" && tg.attrs["rel"] == "stylesheet"
		if (tg.name == "script" || tg.name == "style" || sheet) && tg.attrs["nonce"] != nonce {
			bad = append(bad, tg.raw)
		}
	}
	return bad
}

// inlineViolations lists inline event handlers, style attributes and
// javascript: URLs of page.
func inlineViolations(page string) []string {
	var bad []string
	for _, tg := range tags(page) {
		for k, v := range tg.attrs {
			url := k == "href" || k == "src" || k == "action" || k == "formaction"
			if strings.HasPrefix(k, "on") || k == "style" || (url && strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "javascript:")) {
				bad = append(bad, tg.raw)
			}
		}
	}
	return bad
}

func TestCheckersCatchViolations(t *testing.T) {
	for _, page := range []string{`<script src="/x.js"></script>`, `<style>p{}</style>`, `<script nonce="other">`,
		`<link rel="stylesheet" href="/a.css">`} {
		if len(nonceViolations(page, testNonce)) == 0 {
			t.Errorf("nonceViolations(%q) found nothing", page)
		}
	}
	for _, page := range []string{`<img src=x onerror=alert(1)>`, `<p style="color:red">`, `<button ONCLICK='x()'>`,
		`<a href=" javascript:alert(1)">`} {
		if len(inlineViolations(page)) == 0 {
			t.Errorf("inlineViolations(%q) found nothing", page)
		}
	}
}

func TestEveryScriptAndStyleCarriesTheNonce(t *testing.T) {
	for name, p := range allPages() {
		_, body := render(t, name, p)
		if bad := nonceViolations(body, testNonce); len(bad) > 0 {
			t.Errorf("%s: tags without the nonce: %q", name, bad)
		}
		if !strings.Contains(body, `<link rel="stylesheet" href="/static/app.`) {
			t.Errorf("%s: no stylesheet", name)
		}
	}
	_, chat := render(t, "chat", signedIn())
	js, _ := assetURL("app.js")
	if !strings.Contains(chat, `<script src="`+js+`" nonce="`+testNonce+`"></script>`) {
		t.Errorf("chat page does not load %s with the nonce", js)
	}
}

func TestNoInlineHandlersStylesOrForeignResources(t *testing.T) {
	for name, p := range allPages() {
		_, body := render(t, name, p)
		if bad := inlineViolations(body); len(bad) > 0 {
			t.Errorf("%s: inline handlers or styles: %q", name, bad)
		}
		for _, tg := range tags(body) {
			for _, k := range []string{"src", "href"} {
				if v, ok := tg.attrs[k]; ok && !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "#") {
					t.Errorf("%s: %s points elsewhere: %s", name, k, tg.raw)
				}
			}
		}
	}
}

func TestUserTextIsEscaped(t *testing.T) {
	p := signedIn()
	p.User = &UserInfo{Name: `<script>alert(1)</script>`, Email: `"><img src=x onerror=alert(2)>`, IdP: `<b>idp</b>`}
	p.Error = `<iframe src="https://evil.example/">`
	_, body := render(t, "chat", p)
	for _, raw := range []string{"<script>alert(1)", "<img src=x", "<b>idp", "<iframe"} {
		if strings.Contains(body, raw) {
			t.Errorf("chat page holds %q unescaped", raw)
		}
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("user name not shown escaped:\n%s", body)
	}

	_, signin := render(t, "signin", Page{Nonce: testNonce, Error: "<script>x</script>",
		IdPs: []IdP{{Name: `a"b`, Label: "<script>alert(3)</script>", LoginURL: "javascript:alert(4)"}}})
	if strings.Contains(signin, "<script>") || strings.Contains(signin, "javascript:") {
		t.Errorf("sign-in page holds an IdP's markup or a javascript: URL:\n%s", signin)
	}
}

func TestCSRFMetaOnlyWhenSignedIn(t *testing.T) {
	meta := `<meta name="csrf-token" content="csrf-token-123">`
	_, chat := render(t, "chat", signedIn())
	if !strings.Contains(chat, meta) {
		t.Errorf("signed-in chat page has no CSRF meta")
	}
	noUser := signedIn()
	noUser.User = nil
	noToken := signedIn()
	noToken.CSRF = ""
	for name, p := range map[string]Page{"signin": noUser, "error": noUser, "signedout": noUser, "chat": noToken} {
		if _, body := render(t, name, p); strings.Contains(body, "csrf-token") {
			t.Errorf("%s without a signed-in user and a token carries a CSRF meta", name)
		}
	}
}

func TestSignInChooserHasOneButtonPerIdP(t *testing.T) {
	_, body := render(t, "signin", allPages()["signin"])
	if !strings.Contains(body, `<h1 id="heading">Sign in to qbiz</h1>`) {
		t.Errorf("no heading")
	}
	if !strings.Contains(body, `id="error"`) || !strings.Contains(body, "That sign-in expired. Try again.") {
		t.Errorf("no error banner")
	}
	var got []tag
	for _, tg := range tags(body) {
		if tg.name == "a" && tg.attrs["class"] == "button idp" {
			got = append(got, tg)
		}
	}
	if len(got) != len(chooser()) {
		t.Fatalf("%d IdP buttons, want %d", len(got), len(chooser()))
	}
	for i, idp := range chooser() {
		href := strings.ReplaceAll(idp.LoginURL, "&", "&amp;")
		if got[i].attrs["data-idp"] != idp.Name || got[i].attrs["href"] != href {
			t.Errorf("button %d = %s, want idp %s href %s", i, got[i].raw, idp.Name, href)
		}
		if !strings.Contains(body, got[i].raw+"Sign in with "+idp.Label+"</a>") {
			t.Errorf("button %d does not say Sign in with %s", i, idp.Label)
		}
	}
	_, none := render(t, "signin", Page{Nonce: testNonce})
	if !strings.Contains(none, "No sign-in is configured") {
		t.Errorf("a chooser without IdPs does not say so")
	}
}

func TestChatPageHasTheStableSelectors(t *testing.T) {
	_, body := render(t, "chat", signedIn())
	for _, id := range []string{"message", "send", "stop", "new-conversation", "signout", "whoami", "error", "expiry",
		"conversations", "messages", "composer"} {
		if !strings.Contains(body, ` id="`+id+`"`) {
			t.Errorf("no #%s", id)
		}
	}
	for _, want := range []string{`<label for="message"`, `<button type="submit" id="send"`, `<button type="button" id="signout"`,
		`<button type="button" id="new-conversation"`, "Mary Major", "mary@example.com", "ACME Okta",
		`<meta name="session-expires" content="2026-12-04T20:00:00Z">`} {
		if !strings.Contains(body, want) {
			t.Errorf("chat page lacks %q", want)
		}
	}
}

func TestErrorPageSaysWhatToDo(t *testing.T) {
	_, body := render(t, "error", Page{Nonce: testNonce, Error: "The sign-in took too long. Start again."})
	for _, want := range []string{"The sign-in took too long. Start again.", `<a class="back" href="/">`, `role="alert"`} {
		if !strings.Contains(body, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
	_, plain := render(t, "error", Page{Nonce: testNonce})
	if !strings.Contains(plain, "Try again.") {
		t.Errorf("error page without a message says nothing to do")
	}
}

func TestRenderHeadersAndStatus(t *testing.T) {
	rec := httptest.NewRecorder()
	if err := Render(rec, http.StatusForbidden, "error", Page{Nonce: testNonce, Error: "No."}); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusForbidden || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if rec.Header().Get("Content-Security-Policy") != "" {
		t.Errorf("Render set security headers; the middleware does")
	}
}

func TestRenderRefusesUnknownPages(t *testing.T) {
	for _, name := range []string{"nope", "head", "chooser", "errorbanner", "title", ""} {
		rec := httptest.NewRecorder()
		if err := Render(rec, http.StatusOK, name, Page{}); err == nil {
			t.Errorf("Render(%q) succeeded", name)
		}
		if rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "" {
			t.Errorf("Render(%q) wrote a response", name)
		}
	}
}
