package e2e_test

import (
	"context"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// The qbiz doctor tests sign a demo user in with qbiz login, break exactly
// one hop (the sandbox's faults, its IdP's administration, the profile or
// IAM) and check that doctor names that hop, says how to fix it and exits
// 1, without opening a browser.

// refuseBrowser fails the test if doctor opens a browser.
type refuseBrowser struct{ t *testing.T }

func (n refuseBrowser) Open(string) error {
	n.t.Errorf("qbiz doctor opened a browser")
	return nil
}

// doctor runs qbiz doctor for profile.
func (w *world) doctor(t *testing.T, profile string, extra ...string) result {
	t.Helper()
	r := w.run(refuseBrowser{t}, append([]string{"doctor", "--profile", profile}, extra...)...)
	t.Logf("doctor:\n%s%s", r.stdout, r.stderr)
	return r
}

// doctorFailedAt checks exit 1, the failed hop's line and stderr naming
// that hop with a hint; the hops after it were not run.
func doctorFailedAt(t *testing.T, r result, profile, hop string, want ...string) {
	t.Helper()
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	wantHop(t, r, "✗", hop, want...)
	if strings.Count(r.stdout, "✗") != 1 {
		t.Errorf("more than one hop failed:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "doctor "+profile+": "+hop+" failed") || !strings.Contains(r.stderr, "hint: ") {
		t.Errorf("stderr does not name hop %s with a hint:\n%s", hop, r.stderr)
	}
}

// demoWorld is the demo scenario with its profiles, mary signed in to
// profile (when not empty).
func demoWorld(t *testing.T, profile string) *world {
	t.Helper()
	w := newWorld(t)
	w.configure()
	if profile != "" {
		w.login(profile, "mary_major@example.com")
	}
	return w
}

// misbehave makes the sandbox IdP's client of the oidc profile issue its
// ID tokens the misbehaving way, as an IdP administrator's mistake would.
func (w *world) misbehave(profile string) {
	w.t.Helper()
	w.post("/sandbox/oidc/clients", `{"client_id": "`+w.app("oidc").ClientID+`", "profile": "`+profile+`"}`)
}

// TestDoctorOIDC: a signed-in user passes every hop (the role's trust
// policy skipped: the user may not read it), the JSON holds no token, key
// or secret; with the administrator's profile the trust policy is read.
func TestDoctorOIDC(t *testing.T) {
	const profile = "qbiz-sandbox-oidc"
	w := demoWorld(t, profile)
	r := w.doctor(t, profile)
	if r.code != 0 || strings.Contains(r.stdout, "✗") {
		t.Fatalf("exit %d", r.code)
	}
	for _, hop := range []string{"profile", "keyring", "identity provider", "clock", "signing keys", "sign-in", "id token", "exchange", "application", "subscription", "chat"} {
		wantHop(t, r, "✓", hop)
	}
	wantHop(t, r, "✓", "id token", "aud "+w.app("oidc").ClientID, "email mary_major@example.com", "tag Email = mary_major@example.com")
	wantHop(t, r, "-", "role trust", "not checked", "iam:GetRole", "--aws-profile")

	r = w.doctor(t, profile, "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"ok": true`) || !strings.Contains(r.stdout, `"hop": "id token"`) {
		t.Fatalf("doctor --json: exit %d", r.code)
	}
	e := w.store().mustGet(t, profile)
	secrets := []string{"eyJ", e.IDToken.Reveal(), e.RefreshToken.Reveal(), e.AWS.AccessKeyID, e.AWS.SecretAccessKey.Reveal(), e.AWS.SessionToken.Reveal(), keyringPassword}
	for _, s := range secrets {
		if s != "" && (strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s)) {
			t.Errorf("doctor --json printed a secret (%.6s…)", s)
		}
	}

	w.writeAdminCredentials()
	r = w.doctor(t, profile, "--aws-profile", "admin")
	wantHop(t, r, "✓", "role trust", "allows arn:aws:iam::"+w.info.Account+":oidc-provider/")
}

// writeAdminCredentials puts the sandbox administrator's keys in the
// shared credentials file as profile admin.
func (w *world) writeAdminCredentials() {
	w.t.Helper()
	admin := w.info.AdminCredentials
	path := w.vars["AWS_SHARED_CREDENTIALS_FILE"]
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		w.t.Fatal(err)
	}
	creds := "[admin]\naws_access_key_id = " + admin.AccessKeyID + "\naws_secret_access_key = " + admin.SecretAccessKey + "\n"
	if err := os.WriteFile(path, []byte(creds), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// TestDoctorBreaksOneHop: each broken hop is the one doctor names. The
// application's identity type is read as the administrator, whom a
// help desk would lend doctor with --aws-profile: the user's role may read
// its own application only.
func TestDoctorBreaksOneHop(t *testing.T) {
	const profile = "qbiz-sandbox-oidc"
	t.Run("not signed in", func(t *testing.T) {
		w := demoWorld(t, "").with(t)
		r := w.doctor(t, profile)
		doctorFailedAt(t, r, profile, "sign-in", "not logged in", "run: qbiz login --profile "+profile)
	})
	t.Run("wrong passphrase", func(t *testing.T) {
		w := demoWorld(t, profile).with(t)
		w.vars["QBIZ_KEYRING_PASSWORD"] = "not-the-passphrase"
		r := w.doctor(t, profile)
		doctorFailedAt(t, r, profile, "keyring", "QBIZ_KEYRING_PASSWORD")
		wantHop(t, r, "-", "identity provider", "not run")
	})
	t.Run("unreachable IdP", func(t *testing.T) {
		w := demoWorld(t, profile).with(t)
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		gone := "http://" + l.Addr().String() + "/idp/oidc"
		l.Close()
		w.editProfile(profile, "qbiz_issuer", gone)
		doctorFailedAt(t, w.doctor(t, profile), profile, "identity provider", "discovery document of "+gone, "check qbiz_issuer")
	})
	t.Run("IdP clock skewed", func(t *testing.T) {
		w := demoWorld(t, profile).with(t)
		w.post("/sandbox/faults", `{"oidc-idp": {"clock_skew": "10m"}}`)
		r := w.doctor(t, profile)
		doctorFailedAt(t, r, profile, "clock", "the identity provider's is 10m0s ahead and AWS's in step", "ask its administrator to synchronise it")
		wantHop(t, r, "✓", "identity provider")
	})
	t.Run("AWS clock a little off", func(t *testing.T) {
		w := demoWorld(t, profile).with(t)
		w.post("/sandbox/faults", `{"sts": {"clock_skew": "-2m"}}`)
		r := w.doctor(t, profile)
		wantHop(t, r, "!", "clock", "AWS's 2m0s behind", "synchronise it (NTP)")
		if r.code != 0 {
			t.Errorf("a warning exited %d, want 0", r.code)
		}
	})
	t.Run("revoked session", func(t *testing.T) {
		w := demoWorld(t, profile).with(t)
		w.post("/sandbox/sessions/revoke", "")
		doctorFailedAt(t, w.doctor(t, profile), profile, "sign-in", "refused the grant", "run: qbiz login --profile "+profile)
	})
	t.Run("wrong audience", func(t *testing.T) {
		w := demoWorld(t, profile).with(t)
		w.misbehave("wrong-audience")
		r := w.doctor(t, profile)
		wantHop(t, r, "✓", "sign-in", "renewed the session")
		doctorFailedAt(t, r, profile, "id token", "not issued to this client", "aud "+w.app("oidc").ClientID)
	})
	t.Run("missing tag claim", func(t *testing.T) {
		w := demoWorld(t, profile).with(t)
		w.misbehave("missing-tags")
		doctorFailedAt(t, w.doctor(t, profile), profile, "id token", "no https://aws.amazon.com/tags claim", `{"principal_tags": {"Email"`)
	})
	t.Run("trust policy for another audience", func(t *testing.T) {
		w := demoWorld(t, profile).with(t)
		w.writeAdminCredentials()
		role := w.app("oidc").RoleARN
		c := iam.NewFromConfig(w.sb.AdminConfig())
		got, err := c.GetRole(context.Background(), &iam.GetRoleInput{RoleName: aws.String(role[strings.LastIndex(role, "/")+1:])})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := url.QueryUnescape(aws.ToString(got.Role.AssumeRolePolicyDocument))
		if err != nil || !strings.Contains(doc, `"`+w.app("oidc").ClientID+`"`) {
			t.Fatalf("the trust policy names no audience: %v\n%s", err, doc)
		}
		doc = strings.ReplaceAll(doc, `"`+w.app("oidc").ClientID+`"`, `"another-client"`)
		if _, err := c.UpdateAssumeRolePolicy(context.Background(), &iam.UpdateAssumeRolePolicyInput{
			RoleName: got.Role.RoleName, PolicyDocument: aws.String(doc)}); err != nil {
			t.Fatal(err)
		}
		r := w.doctor(t, profile, "--aws-profile", "admin")
		wantHop(t, r, "✓", "id token")
		doctorFailedAt(t, r, profile, "role trust", `["another-client"]`, `set the condition StringEquals`)
	})
	t.Run("wrong mode", func(t *testing.T) {
		w := demoWorld(t, profile).with(t)
		w.writeAdminCredentials()
		w.editProfile(profile, "qbiz_application_id", w.applicationOfType(qtypes.IdentityTypeAwsIamIdc))
		doctorFailedAt(t, w.doctor(t, profile, "--aws-profile", "admin"), profile, "application", "identity type AWS_IAM_IDC", "mode oidc, which needs AWS_IAM_IDP_OIDC")
	})
}

// TestDoctorSAMLAndIdentityCenter: the other modes pass every hop; a
// revoked SAML session fails the exchange, which only a new sign-in
// renews.
func TestDoctorSAMLAndIdentityCenter(t *testing.T) {
	w := demoWorld(t, "qbiz-sandbox-saml")
	w.login("qbiz-sandbox-idc", "mary_major@example.com")
	r := w.doctor(t, "qbiz-sandbox-saml")
	for _, hop := range []string{"identity provider", "clock", "signing keys", "sign-in", "exchange", "application", "subscription", "chat"} {
		wantHop(t, r, "✓", hop)
	}
	wantHop(t, r, "✓", "signing keys", "the SAML signing certificate is valid until")
	r = w.doctor(t, "qbiz-sandbox-idc")
	for _, hop := range []string{"sign-in", "id token", "exchange", "application", "subscription", "chat"} {
		wantHop(t, r, "✓", hop)
	}
	if r.code != 0 {
		t.Errorf("idc: exit %d", r.code)
	}
	w.post("/sandbox/sessions/revoke", "")
	doctorFailedAt(t, w.doctor(t, "qbiz-sandbox-saml"), "qbiz-sandbox-saml", "exchange", "STS refuses the SAML sign-in's AWS credentials", "run: qbiz login --profile qbiz-sandbox-saml")
}
