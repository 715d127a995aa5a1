package sandbox_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
)

// TestStateKeepsSignInsAndLedger signs in at the OIDC provider and at
// Identity Center, rotates each refresh token once, restarts the sandbox
// from its state file and checks what AWS and a real IdP keep: the live
// refresh tokens still renew, a token rotated away before the restart is
// still recognised as reused (and revokes its family), and the ledger
// still holds every entry, its sequence continuing.
func TestStateKeepsSignInsAndLedger(t *testing.T) {
	opts := sandbox.Options{Addr: freeAddr(t), StatePath: filepath.Join(t.TempDir(), "world.json")}
	w1 := startPersistent(t, opts)
	oidc := oidcSession{w: w1}
	first := oidc.signIn(t)
	second := oidc.refresh(t, first, "")
	idc := idcSession{w: w1, app: w1.app(t, "idc").IDCApplicationARN}
	idcFirst := idc.signIn(t)
	idcSecond := idc.refresh(t, idcFirst, "")
	before := readLedger(t, w1)
	closeWorld(t, w1)
	checkMode(t, opts.StatePath)

	w2 := startPersistent(t, opts)
	oidc.w, idc.w = w2, w2
	after := readLedger(t, w2)
	if len(after) != len(before) || after[len(after)-1].Seq != before[len(before)-1].Seq {
		t.Fatalf("ledger after the restart has %d entries, before %d", len(after), len(before))
	}
	third := oidc.refresh(t, second, "")
	idcThird := idc.refresh(t, idcSecond, "")
	if latest := readLedger(t, w2); latest[len(latest)-1].Seq <= before[len(before)-1].Seq {
		t.Errorf("ledger sequence restarted at %d", latest[len(latest)-1].Seq)
	}

	oidc.refresh(t, first, "invalid_grant")
	oidc.refresh(t, third, "invalid_grant") // reuse revoked the whole family
	idc.refresh(t, idcFirst, "InvalidGrantException")
	idc.refresh(t, idcThird, "InvalidGrantException")
}

// oidcSession renews at the sandbox OIDC provider as the CLI client.
type oidcSession struct{ w *world }

func (s oidcSession) signIn(t *testing.T) string {
	t.Helper()
	f := sandboxtest.OIDCFlow{Issuer: s.w.info.OIDC.Issuer, ClientID: "qbiz-cli", RedirectURI: sandboxtest.CallbackURL, HTTPClient: s.w.sb.HTTPClient()}
	tok, err := f.Login(context.Background(), mary, s.w.password(t, mary))
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken == "" {
		t.Fatal("sign-in issued no refresh token")
	}
	return tok.RefreshToken
}

// refresh redeems rt; with wantErr "" it must succeed and returns the
// rotated token, otherwise it must fail with that OAuth error.
func (s oidcSession) refresh(t *testing.T, rt, wantErr string) string {
	t.Helper()
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {"qbiz-cli"}}
	resp, err := s.w.sb.HTTPClient().PostForm(s.w.info.OIDC.Issuer+"/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		RefreshToken string `json:"refresh_token"`
		IDToken      string `json:"id_token"`
		Error        string `json:"error"`
		Description  string `json:"error_description"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	switch {
	case wantErr == "" && (resp.StatusCode != http.StatusOK || out.RefreshToken == "" || out.IDToken == ""):
		t.Fatalf("OIDC refresh: status %d %s: %s", resp.StatusCode, out.Error, out.Description)
	case wantErr != "" && out.Error != wantErr:
		t.Fatalf("OIDC refresh: status %d %q, want %s", resp.StatusCode, out.Error, wantErr)
	}
	return out.RefreshToken
}

// idcSession renews at the sandbox Identity Center as the application.
type idcSession struct {
	w   *world
	app string
}

func (s idcSession) client() (*ssooidc.Client, string) {
	return ssooidc.NewFromConfig(s.w.cfg(s.w.admin())), s.app
}

func (s idcSession) signIn(t *testing.T) string {
	t.Helper()
	c, app := s.client()
	out, err := c.CreateTokenWithIAM(context.Background(), &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(app),
		GrantType: aws.String("urn:ietf:params:oauth:grant-type:jwt-bearer"), Assertion: aws.String(s.w.idToken(t, mary))})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.RefreshToken)
}

func (s idcSession) refresh(t *testing.T, rt, wantCode string) string {
	t.Helper()
	c, app := s.client()
	out, err := c.CreateTokenWithIAM(context.Background(), &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(app),
		GrantType: aws.String("refresh_token"), RefreshToken: aws.String(rt)})
	if code, _ := apiError(err); code != wantCode || (err != nil && wantCode == "") {
		t.Fatalf("Identity Center refresh: %v, want %q", err, wantCode)
	}
	if err != nil {
		return ""
	}
	return aws.ToString(out.RefreshToken)
}
