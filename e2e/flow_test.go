package e2e_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestModes: for each identity mode, configure → login through the
// sandbox's login form → credentials → a ChatSync signed with them
// answers as the right user (STS-03: the session name comes from the
// validated identity) → whoami → logout.
func TestModes(t *testing.T) {
	w := newWorld(t)
	w.configure()
	for _, mode := range []string{"oidc", "saml", "idc"} {
		t.Run(mode, func(t *testing.T) {
			w := w.with(t)
			profile := "qbiz-sandbox-" + mode
			w.login(profile, "mary_major@example.com")
			creds := parseProcess(t, w.must(w.run(nil, "credentials", "--profile", profile), "credentials").stdout)
			entry, titles := w.chat(staticCreds(creds), w.app(mode).ApplicationID, "What is the status of the ACME project?")
			var who map[string]any
			if err := json.Unmarshal([]byte(w.must(w.run(nil, "whoami", "--profile", profile, "--json"), "whoami").stdout), &who); err != nil {
				t.Fatalf("whoami --json: %v", err)
			}
			if who["mode"] != mode || who["email"] != "mary_major@example.com" || who["subject"] == "" {
				t.Errorf("whoami = %v", who)
			}
			want := "mary_major@example.com"
			if mode == "idc" {
				want = "idc:" + fmt.Sprint(who["idc_user_id"])
			}
			if entry.Identity != want {
				t.Errorf("ChatSync answered as %q, want %q", entry.Identity, want)
			}
			if mode != "idc" && !strings.HasSuffix(entry.CallerARN, "/mary_major@example.com") {
				t.Errorf("STS-03: caller %q, want a session named after the verified email", entry.CallerARN)
			}
			if !strings.Contains(strings.ToUpper(titles), "ACME") {
				t.Errorf("answer cites %q, want an ACME document", titles)
			}
			out := w.must(w.run(nil, "logout", "--profile", profile), "logout")
			if !strings.Contains(out.stderr, "stay valid at AWS until") {
				t.Errorf("STS-05: logout does not say issued credentials stay valid:\n%s", out.stderr)
			}
			if r := w.run(nil, "credentials", "--profile", profile); r.code == 0 {
				t.Errorf("credentials after logout succeeded")
			}
		})
	}
}

// TestDifferentUsersDifferentAnswers: the same question as Mateo gets his
// AnyOrgApp documents, not Mary's ACME ones.
func TestDifferentUsersDifferentAnswers(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mateo_jackson@example.com")
	creds := parseProcess(t, w.must(w.run(nil, "credentials", "--profile", "qbiz-sandbox-oidc"), "credentials").stdout)
	entry, _ := w.chat(staticCreds(creds), w.app("oidc").ApplicationID, "What is the status of the ACME project?")
	if !strings.Contains(entry.Identity, "mateo") {
		t.Errorf("answered as %q, want mateo", entry.Identity)
	}
}

func parseProcess(t *testing.T, stdout string) processJSON {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	var p processJSON
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("credentials output is not credential_process JSON: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("credentials printed more than one document:\n%s", stdout)
	}
	if p.Version != 1 || p.AccessKeyId == "" || p.SecretAccessKey == "" || p.SessionToken == "" || p.Expiration.IsZero() {
		t.Fatalf("incomplete credential_process document: version %d, key %q", p.Version, p.AccessKeyId)
	}
	return p
}
