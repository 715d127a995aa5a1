package oidcidp

import "testing"

// A disabled user's code, issued before the administrator disabled the
// user and still unredeemed, is refused as an IdP refuses a deactivated
// user's token request; the twin, the same user's code redeemed before
// the disable, is answered.
func TestDisabledUsersCodeRefused(t *testing.T) {
	e := newEnv(t)
	cfg := e.confConfig()
	before, after := e.login(cfg, confRedir), e.login(cfg, confRedir)
	if _, err := e.exchange(cfg, before); err != nil {
		t.Fatalf("the code redeemed before the disable: %v", err)
	}
	u, ok := e.p.opts.Directory.Disable("mary_major@example.com")
	if !ok {
		t.Fatal("no such user")
	}
	e.p.RevokeSubject(u.Subject)
	if _, err := e.exchange(cfg, after); oauthErrCode(err) != "invalid_grant" {
		t.Fatalf("the disabled user's code: %v, want invalid_grant", err)
	}
}
