package oidcidp

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSessionsSurviveExport moves a signed-in session to a fresh provider,
// as a restart from a state file does: its access token still answers at
// userinfo, its refresh token still rotates, and a token rotated away
// before the move is still refused as reuse, revoking the family.
func TestSessionsSurviveExport(t *testing.T) {
	e1 := newEnv(t)
	cfg := e1.confConfig()
	tok, err := e1.exchange(cfg, e1.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	spent := tok.RefreshToken
	_, m, _ := e1.tokenPost(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {spent}}, confID, confSecret)
	live, _ := m["refresh_token"].(string)
	doc, err := e1.p.ExportSessions()
	if err != nil || live == "" {
		t.Fatalf("export: %v (refresh answered %v)", err, m)
	}

	e2 := newEnv(t)
	if err := e2.p.RestoreSessions(doc); err != nil {
		t.Fatal(err)
	}
	if s := e2.userinfo(tok.AccessToken); s != http.StatusOK {
		t.Errorf("userinfo with an access token issued before: %d", s)
	}
	status, m, _ := e2.tokenPost(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {live}}, confID, confSecret)
	rotated, _ := m["refresh_token"].(string)
	if status != http.StatusOK || rotated == "" {
		t.Fatalf("refresh after the move: %d %v", status, m)
	}
	for _, rt := range []string{spent, rotated} {
		if status, m, _ := e2.tokenPost(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}, confID, confSecret); status != http.StatusBadRequest || m["error"] != "invalid_grant" {
			t.Errorf("after reuse of a spent token: %d %v, want invalid_grant", status, m)
		}
	}
}

func TestSessionsExportDropsExpiredFamilies(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	if _, err := e.exchange(cfg, e.login(cfg, confRedir)); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(e.p.opts.RefreshTokenTTL + 1)
	doc, err := e.p.ExportSessions()
	if err != nil {
		t.Fatal(err)
	}
	if string(doc) != `{"grants":null,"refresh_tokens":null,"access_tokens":null}` {
		t.Fatalf("exported past their lifetime: %s", doc)
	}
}

func TestRestoreSessionsRefusesDanglingTokens(t *testing.T) {
	for name, doc := range map[string]string{
		"not json":               `{"grants":`,
		"family without id":      `{"grants":[{"client_id":"c"}]}`,
		"refresh without family": `{"refresh_tokens":[{"token":"rt","grant_id":"nope"}]}`,
		"access without family":  `{"access_tokens":[{"token":"at","grant_id":"nope"}]}`,
	} {
		if err := newEnv(t).p.RestoreSessions([]byte(doc)); err == nil || !strings.Contains(err.Error(), "restore oidc sessions") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := newEnv(t).p.RestoreSessions(nil); err != nil {
		t.Errorf("a world saved without sessions: %v", err)
	}
}

// TestRevokedSessionsStayRevoked: a token family revoked before the move
// is still revoked after it.
func TestRevokedSessionsStayRevoked(t *testing.T) {
	e1 := newEnv(t)
	cfg := e1.confConfig()
	tok, err := e1.exchange(cfg, e1.login(cfg, confRedir))
	if err != nil {
		t.Fatal(err)
	}
	e1.p.RevokeAll()
	doc, err := e1.p.ExportSessions()
	if err != nil {
		t.Fatal(err)
	}
	e2 := newEnv(t)
	if err := e2.p.RestoreSessions(doc); err != nil {
		t.Fatal(err)
	}
	if status, m, _ := e2.tokenPost(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}, confID, confSecret); status != http.StatusBadRequest || m["error"] != "invalid_grant" {
		t.Errorf("refresh with a token revoked before the move: %d %v", status, m)
	}
	if s := e2.userinfo(tok.AccessToken); s != http.StatusUnauthorized {
		t.Errorf("userinfo with an access token revoked before the move: %d", s)
	}
}
