package sandbox_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
)

// TestLedgerNamesWhoDidWhat signs Mary in three ways and has each session
// chat, then reads "who did what" from GET /sandbox/ledger alone: every STS
// entry names the session it issued (with the IdP, subject, Email tag or
// Identity Center user behind it) and every Q Business entry the person
// whose session signed it.
func TestLedgerNamesWhoDidWhat(t *testing.T) {
	w := startWorld(t, sandbox.Options{})
	ctx := context.Background()
	anon := sts.NewFromConfig(w.cfg(nil))
	provisioned := len(readLedger(t, w))

	oidcApp := w.app(t, "oidc")
	web, err := anon.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(oidcApp.RoleARN),
		RoleSessionName: aws.String("mary-web"), WebIdentityToken: aws.String(w.idToken(t, mary))})
	if err != nil {
		t.Fatal(err)
	}
	samlApp := w.app(t, "saml")
	f := sandboxtest.SAMLFlow{SSOURL: w.info.SAML.SSOURL, SPEntityID: w.info.SAML.SPEntityID, ACS: sandboxtest.ACSURL, HTTPClient: w.sb.HTTPClient()}
	saml, err := anon.AssumeRoleWithSAML(ctx, &sts.AssumeRoleWithSAMLInput{RoleArn: aws.String(samlApp.RoleARN),
		PrincipalArn: aws.String(samlApp.ProviderARN), SAMLAssertion: aws.String(f.SignIn(t, mary, w.password(t, mary)).Response)})
	if err != nil {
		t.Fatal(err)
	}
	idcApp := w.app(t, "idc")
	tok, err := ssooidc.NewFromConfig(w.cfg(w.admin())).CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{
		ClientId: aws.String(idcApp.IDCApplicationARN), GrantType: aws.String("urn:ietf:params:oauth:grant-type:jwt-bearer"),
		Assertion: aws.String(w.idToken(t, mary))})
	if err != nil {
		t.Fatal(err)
	}
	idcUser := claim(t, aws.ToString(tok.IdToken), "sub")
	tip, err := sts.NewFromConfig(w.cfg(w.admin())).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(idcApp.RoleARN),
		RoleSessionName: aws.String("mary-idc"), ProvidedContexts: []ststypes.ProvidedContext{{
			ProviderArn: aws.String("arn:aws:iam::aws:contextProvider/IdentityCenter"), ContextAssertion: aws.String(identityContext(t, aws.ToString(tok.IdToken)))}}})
	if err != nil {
		t.Fatal(err)
	}
	sessions := map[string]*ststypes.Credentials{oidcApp.ApplicationID: web.Credentials, samlApp.ApplicationID: saml.Credentials, idcApp.ApplicationID: tip.Credentials}
	for app, c := range sessions {
		subscribeAndChat(t, qbusiness.NewFromConfig(w.cfg(static(c))), app, "When does the ACME project launch?")
	}

	entries := readLedger(t, w)[provisioned:]
	want := map[string]ledger.Principal{
		"AssumeRoleWithWebIdentity": {ARN: aws.ToString(web.AssumedRoleUser.Arn), Kind: "assumed-role", RoleARN: oidcApp.RoleARN, SessionName: "mary-web",
			Federation: "oidc", ProviderARN: aws.ToString(web.Provider), Issuer: w.info.OIDC.Issuer, Subject: aws.ToString(web.SubjectFromWebIdentityToken), Email: mary},
		"AssumeRoleWithSAML": {ARN: aws.ToString(saml.AssumedRoleUser.Arn), Kind: "assumed-role", RoleARN: samlApp.RoleARN, SessionName: sessionName(t, entries, "AssumeRoleWithSAML"),
			Federation: "saml", ProviderARN: samlApp.ProviderARN, Issuer: aws.ToString(saml.Issuer), Subject: aws.ToString(saml.Subject), Email: mary},
		"AssumeRole": {ARN: aws.ToString(tip.AssumedRoleUser.Arn), Kind: "assumed-role", RoleARN: idcApp.RoleARN, SessionName: "mary-idc",
			IDCUser: idcUser, IdentityStoreID: claim(t, aws.ToString(tok.IdToken), "aws:identity_store_id")},
	}
	for _, e := range entries {
		if e.Service == "sts" {
			checkPrincipal(t, e, want[e.Operation])
		}
	}
	for _, e := range entries {
		if e.Service != "qbusiness" {
			continue
		}
		var session string
		for op, p := range want {
			if e.Principal != nil && e.Principal.ARN == p.ARN {
				session = op
			}
		}
		if session == "" || e.CallerARN != e.Principal.ARN {
			t.Errorf("Q Business %s entry (caller %s) names %+v, not one of Mary's sessions", e.Operation, e.CallerARN, e.Principal)
			continue
		}
		checkPrincipal(t, e, want[session])
	}
	if n := countService(entries, "sts"); n != 3 {
		t.Errorf("%d STS entries, want one per sign-in", n)
	}
	if n := countService(entries, "qbusiness"); n != 6 {
		t.Errorf("%d Q Business entries, want two ChatSync calls per session", n)
	}
}

func checkPrincipal(t *testing.T, e ledger.Entry, want ledger.Principal) {
	t.Helper()
	if e.Principal == nil || *e.Principal != want {
		t.Errorf("%s %s entry names\n%+v\nwant\n%+v", e.Service, e.Operation, e.Principal, want)
	}
}

// sessionName is the session name the SAML assertion chose (its
// RoleSessionName attribute), as the entry's ARN ends with it.
func sessionName(t *testing.T, entries []ledger.Entry, op string) string {
	t.Helper()
	for _, e := range entries {
		if e.Operation == op && e.Principal != nil {
			return e.Principal.SessionName
		}
	}
	t.Fatalf("no %s entry names a principal", op)
	return ""
}

func countService(entries []ledger.Entry, svc string) int {
	n := 0
	for _, e := range entries {
		if e.Service == svc {
			n++
		}
	}
	return n
}

func readLedger(t *testing.T, w *world) []ledger.Entry {
	t.Helper()
	resp, err := w.sb.HTTPClient().Get(w.sb.URL + "/sandbox/ledger")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("ledger: status %d", resp.StatusCode)
	}
	var entries []ledger.Entry
	if err := json.NewDecoder(resp.Body).Decode(&entries); err != nil {
		t.Fatal(err)
	}
	return entries
}

// claim reads one string claim of a JWT (its signature is not this test's concern).
func claim(t *testing.T, jwt, name string) string {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	s, _ := claims[name].(string)
	if s == "" {
		t.Fatalf("token has no %s claim", name)
	}
	return s
}
