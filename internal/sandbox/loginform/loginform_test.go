package loginform

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

const xss = `"><script>alert(1)</script><input name="password`

var (
	hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
	anyInput    = regexp.MustCompile(`<input\b[^>]*>`)
	formTag     = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
	alert       = regexp.MustCompile(`<p role="alert" class="error">([^<]*)</p>`)
)

func render(t *testing.T, p Page) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	Render(w, http.StatusUnauthorized, p)
	return w
}

func TestRenderEscapes(t *testing.T) {
	hidden := map[string]string{"state": xss, "redirect_uri": "https://rp.example/cb?a=1&b=2", "nonce": "n'1"}
	w := render(t, Page{Title: xss, Action: "/authorize?x=" + url.QueryEscape(xss), Error: xss, Hidden: HiddenFrom(hidden)})
	body := w.Body.String()
	if strings.Contains(body, "<script>") || strings.Contains(body, xss) {
		t.Fatalf("unescaped payload in page:\n%s", body)
	}
	inputs := anyInput.FindAllString(body, -1)
	if len(inputs) != len(hidden)+2 {
		t.Fatalf("%d inputs, want %d: %q", len(inputs), len(hidden)+2, inputs)
	}
	got := map[string]string{}
	for _, m := range hiddenInput.FindAllStringSubmatch(body, -1) {
		got[html.UnescapeString(m[1])] = html.UnescapeString(m[2])
	}
	if len(got) != len(hidden) {
		t.Fatalf("hidden fields %v", got)
	}
	for k, v := range hidden {
		if got[k] != v {
			t.Errorf("hidden %s = %q, want %q", k, got[k], v)
		}
	}
	if m := alert.FindStringSubmatch(body); m == nil || html.UnescapeString(m[1]) != xss {
		t.Fatalf("error paragraph: %v", m)
	}
	if m := formTag.FindStringSubmatch(body); m == nil || html.UnescapeString(m[1]) != "/authorize?x="+url.QueryEscape(xss) {
		t.Fatalf("form action: %v", m)
	}
}

func TestRenderRefusesScriptAction(t *testing.T) {
	body := render(t, Page{Title: "IdP", Action: "javascript:alert(1)"}).Body.String()
	if strings.Contains(body, "javascript:") {
		t.Fatalf("javascript: action rendered:\n%s", body)
	}
}

func TestRenderHeadersAndFields(t *testing.T) {
	w := render(t, Page{Title: "Sandbox IdP", Action: "/login"})
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("status %d", w.Code)
	}
	for k, v := range map[string]string{
		"Content-Type":            "text/html; charset=utf-8",
		"Cache-Control":           "no-store",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
		"Content-Security-Policy": "default-src 'none'; form-action 'self' http: https:; frame-ancestors 'none'",
	} {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	body := w.Body.String()
	for _, want := range []string{`<input name="username"`, `<input name="password" type="password"`, `<form method="post" action="/login">`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, `role="alert"`) {
		t.Error("error paragraph shown without an error")
	}
}

func TestHiddenFrom(t *testing.T) {
	got := HiddenFrom(map[string]string{"b": "2", "a": "1", "c": ""})
	want := []Field{{"a", "1"}, {"b", "2"}, {"c", ""}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k := range want {
		if got[k] != want[k] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if len(HiddenFrom(nil)) != 0 {
		t.Fatal("fields from nil")
	}
}

func TestAuthenticate(t *testing.T) {
	dir := directory.New(directory.User{Username: "mary", Password: "pw"})
	cases := []struct {
		form url.Values
		want bool
	}{
		{url.Values{"username": {"mary"}, "password": {"pw"}}, true},
		{url.Values{"username": {"MARY"}, "password": {"pw"}}, true},
		{url.Values{"username": {"mary"}, "password": {"PW"}}, false},
		{url.Values{"username": {"mary"}}, false},
		{url.Values{"user": {"mary"}, "pass": {"pw"}}, false},
	}
	for _, tc := range cases {
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(tc.form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			t.Fatal(err)
		}
		if _, ok := Authenticate(r, dir); ok != tc.want {
			t.Errorf("%v: ok=%v, want %v", tc.form, ok, tc.want)
		}
	}
	// Credentials in the query string do not count: only the posted form.
	r := httptest.NewRequest(http.MethodPost, "/login?username=mary&password=pw", strings.NewReader(""))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, ok := Authenticate(r, dir); ok {
		t.Error("credentials accepted from the query string")
	}
}
