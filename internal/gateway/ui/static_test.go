package ui

import (
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, method, path string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestStaticServesAssetsWithTypesAndCaching(t *testing.T) {
	h := Static()
	js, _ := assetURL("app.js")
	css, _ := assetURL("app.css")
	for _, c := range []struct{ path, ctype, cache, file string }{
		{"/static/app.js", "text/javascript; charset=utf-8", "no-cache", "static/app.js"},
		{"/static/app.css", "text/css; charset=utf-8", "no-cache", "static/app.css"},
		{js, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "static/app.js"},
		{css, "text/css; charset=utf-8", "public, max-age=31536000, immutable", "static/app.css"},
	} {
		rec := get(t, h, http.MethodGet, c.path, nil)
		want, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Code != http.StatusOK || rec.Body.String() != string(want) {
			t.Errorf("%s: status %d, body of %d bytes (want %d)", c.path, rec.Code, rec.Body.Len(), len(want))
		}
		hd := rec.Header()
		if hd.Get("Content-Type") != c.ctype || hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Cache-Control") != c.cache {
			t.Errorf("%s: Content-Type %q, nosniff %q, Cache-Control %q", c.path, hd.Get("Content-Type"),
				hd.Get("X-Content-Type-Options"), hd.Get("Cache-Control"))
		}
		etag := hd.Get("ETag")
		if rec := get(t, h, http.MethodGet, c.path, map[string]string{"If-None-Match": etag}); etag == "" || rec.Code != http.StatusNotModified {
			t.Errorf("%s: revalidation with ETag %q answered %d", c.path, etag, rec.Code)
		}
	}
	if !regexp.MustCompile(`^/static/app\.[0-9a-f]{16}\.js$`).MatchString(js) {
		t.Errorf("hashed script URL %q", js)
	}
}

func TestStaticRefusesEverythingElse(t *testing.T) {
	h := Static()
	for _, p := range []string{"/static/", "/static/app.JS", "/static/app.0000000000000000.js", "/static/../render.go",
		"/static/templates/chat.html", "/static/doc.go", "/static/app.js/", "/static/static/app.js"} {
		if rec := get(t, h, http.MethodGet, p, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, rec.Code)
		}
	}
	if rec := get(t, h, http.MethodPost, "/static/app.js", nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", rec.Code)
	}
}

// forbiddenSinks are the DOM and JS sinks that turn text into markup or
// code; app.js must never use them.
var forbiddenSinks = []*regexp.Regexp{
	regexp.MustCompile(`\binnerHTML\b`),
	regexp.MustCompile(`\bouterHTML\b`),
	regexp.MustCompile(`\binsertAdjacentHTML\b`),
	regexp.MustCompile(`\bdocument\s*\.\s*write(ln)?\b`),
	regexp.MustCompile(`\beval\s*\(`),
	regexp.MustCompile(`\bnew\s+Function\b`),
	regexp.MustCompile(`\bFunction\s*\(`),
	regexp.MustCompile(`\bcreateContextualFragment\b`),
	regexp.MustCompile(`\bDOMParser\b`),
	regexp.MustCompile(`\bsrcdoc\b`),
	regexp.MustCompile(`\bset(Timeout|Interval)\s*\(\s*['"\x60]`), // a string as code
	regexp.MustCompile(`\.setAttribute\s*\(\s*['"](on\w+|style|src|srcdoc)['"]`),
	regexp.MustCompile(`\b(localStorage|sessionStorage|indexedDB)\b`), // nothing of a session outlives it
}

func sinks(src string) []string {
	var found []string
	for _, re := range forbiddenSinks {
		if m := re.FindString(src); m != "" {
			found = append(found, m)
		}
	}
	return found
}

func TestSinkCheckCatchesEachSink(t *testing.T) {
	for _, src := range []string{"el.innerHTML = x", "el.outerHTML=x", "el.insertAdjacentHTML('beforeend', x)",
		"document.write(x)", "eval(x)", "new Function('a', x)", "Function(x)()", "range.createContextualFragment(x)",
		"new DOMParser()", "f.srcdoc = x", "setTimeout('x()', 1)", "a.setAttribute('onclick', x)",
		"a.setAttribute(\"style\", x)", "localStorage.setItem(k, v)"} {
		if len(sinks(src)) == 0 {
			t.Errorf("sinks(%q) found nothing", src)
		}
	}
}

func TestAppJSUsesNoForbiddenSink(t *testing.T) {
	src, err := staticFS.ReadFile("static/app.js")
	if err != nil {
		t.Fatal(err)
	}
	if found := sinks(string(src)); len(found) > 0 {
		t.Errorf("app.js uses %q", found)
	}
}

func TestCSSLoadsNothing(t *testing.T) {
	src, err := staticFS.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"url(", "@import", "expression("} {
		if strings.Contains(string(src), s) {
			t.Errorf("app.css holds %q", s)
		}
	}
}
