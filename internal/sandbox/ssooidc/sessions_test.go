package ssooidc_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/gate/gatetest"
	oidc "github.com/qbiz/qbiz/internal/sandbox/ssooidc"
)

// TestSessionsSurviveRestart exports the sessions of a service and
// restores them into a new one over the same Identity Center, as a
// sandbox restarted from its state file does: the live refresh token
// renews, the one rotated away before is recognised as reused (revoking
// its family), and an assertion exchanged before is still a replay.
func TestSessionsSurviveRestart(t *testing.T) {
	e := newEnv(t)
	assertion := e.idp.sign(t, e.idp.claims(maryMail, audience, time.Now()))
	first, err := e.exchange(e.client, e.app, assertion)
	must(t, err)
	second, err := refreshWith(e.client, e.app, aws.ToString(first.RefreshToken))
	must(t, err)
	doc, err := e.svc.ExportSessions()
	must(t, err)
	if strings.Contains(string(doc), aws.ToString(second.RefreshToken)) || strings.Contains(string(doc), assertion) {
		t.Fatal("the export holds a token or an assertion in clear")
	}

	client := restarted(t, e, doc)
	third, err := refreshWith(client, e.app, aws.ToString(second.RefreshToken))
	if err != nil {
		t.Fatalf("refresh after the restart: %v", err)
	}
	if _, err := e.exchange(client, e.app, assertion); err == nil {
		t.Error("an assertion exchanged before the restart was accepted again")
	}
	for _, tok := range []*ssooidc.CreateTokenWithIAMOutput{first, third} {
		_, err := refreshWith(client, e.app, aws.ToString(tok.RefreshToken))
		if code, _ := errCode(t, err); code != "InvalidGrantException" {
			t.Fatalf("after reuse of a rotated token: %s, want InvalidGrantException", code)
		}
	}
}

func TestRestoreSessionsRefusesGarbage(t *testing.T) {
	e := newEnv(t)
	if err := e.svc.RestoreSessions([]byte(`{"active_refresh_tokens":`)); err == nil || !strings.Contains(err.Error(), "restore identity center sessions") {
		t.Errorf("garbage restored: %v", err)
	}
	if err := e.svc.RestoreSessions(nil); err != nil {
		t.Errorf("a world saved without sessions: %v", err)
	}
}

// restarted serves a new service over e's Identity Center with the
// sessions doc restored, and returns an SDK client for it.
func restarted(t *testing.T, e *env, doc []byte) *ssooidc.Client {
	t.Helper()
	h := gatetest.New(t)
	svc, err := oidc.New(oidc.Options{Authority: h.Gate.Authority, Admin: e.store, Directory: e.dir, HTTPClient: e.idp.srv.Client(),
		Authorizer: allowAll{}, Region: gatetest.Region})
	must(t, err)
	must(t, svc.RestoreSessions(doc))
	h.Mount("/", gate.Service{Name: "sso-oidc", SigningName: "sso-oauth", Family: awsauth.JSON, JSONContentType: "application/json",
		Anonymous: oidc.Anonymous, Handler: svc})
	h.Start(t)
	return ssooidc.NewFromConfig(h.Config(h.Admin))
}

func refreshWith(c *ssooidc.Client, app, tok string) (*ssooidc.CreateTokenWithIAMOutput, error) {
	return c.CreateTokenWithIAM(context.Background(), &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(app),
		GrantType: aws.String("refresh_token"), RefreshToken: aws.String(tok)})
}
