package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestDemoShowsEachUserOnlyTheirDocuments runs the whole story and checks,
// per mode and user, that answers cite only that user's project.
func TestDemoShowsEachUserOnlyTheirDocuments(t *testing.T) {
	var out bytes.Buffer
	sb, err := Run(context.Background(), Options{Out: &out})
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	defer sb.Close()
	sections := strings.Split(out.String(), "\n== ")
	if len(sections) != 4 {
		t.Fatalf("want 3 mode sections, got %d:\n%s", len(sections)-1, out.String())
	}
	for _, sec := range sections[1:] {
		mary, mateo, ok := strings.Cut(sec, "mateo_jackson@example.com signed in")
		if !ok || !strings.Contains(mary, "mary_major@example.com signed in") {
			t.Fatalf("section lacks a user:\n%s", sec)
		}
		checkOnly(t, "Mary", mary, "ACME", "AnyOrgApp")
		checkOnly(t, "Mateo", mateo, "AnyOrgApp", "ACME")
	}
}

func checkOnly(t *testing.T, who, text, want, never string) {
	t.Helper()
	if !strings.Contains(text, want) {
		t.Errorf("%s's answers never mention %s:\n%s", who, want, text)
	}
	if strings.Contains(text, never) {
		t.Errorf("%s's answers mention %s:\n%s", who, never, text)
	}
}

func TestBrowserParsesLoginAndAutoPostForms(t *testing.T) {
	page := `<form method="post" action="/idp/oidc/login"><input type="hidden" name="req" value="a&amp;b">
<input name="username"><input name="password" type="password"><button type="submit">Sign in</button></form>`
	f, ok := parseForm(page)
	if !ok || f.action != "/idp/oidc/login" || f.fields.Get("req") != "a&b" || !f.hasUser {
		t.Fatalf("parseForm = %+v, %v", f, ok)
	}
	if _, ok := parseForm("<p>You can close this tab.</p>"); ok {
		t.Fatal("a page without a form parsed as a form")
	}
}
