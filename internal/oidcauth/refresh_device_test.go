package oidcauth

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

func TestOIDC24_RefreshKeepsIdentity(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	first, err := login(t, e, rp)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(30 * time.Minute)
	next, err := rp.Refresh(context.Background(), first.RefreshToken, first.Claims)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{next.Claims.Issuer, next.Claims.Subject}
	if want := []string{first.Claims.Issuer, first.Claims.Subject}; !slices.Equal(got, want) {
		t.Fatalf("identity got %v want %v", got, want)
	}
	if next.IDToken == "" || next.IDToken == first.IDToken || next.RefreshToken == first.RefreshToken {
		t.Fatal("refresh did not return fresh tokens")
	}
}

func TestOIDC24_RefreshIdentityChangeRejected(t *testing.T) {
	for _, profile := range []string{oidcidp.ProfileRefreshWrongSub, oidcidp.ProfileRefreshWrongIss} {
		t.Run(profile, func(t *testing.T) {
			e := newIdP(t)
			rp := e.rp(profile)
			first, err := login(t, e, rp)
			if err != nil {
				t.Fatalf("positive twin (login): %v", err)
			}
			toks, err := rp.Refresh(context.Background(), first.RefreshToken, first.Claims)
			wantErr(t, err, identity.ErrIdentityChanged)
			if toks != nil {
				t.Fatal("tokens returned for a changed identity")
			}
		})
	}
}

func TestOAUTH11_RefreshTokenReuseMeansReLogin(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	first, err := login(t, e, rp)
	if err != nil {
		t.Fatal(err)
	}
	second, err := rp.Refresh(context.Background(), first.RefreshToken, first.Claims)
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range []string{first.RefreshToken, second.RefreshToken} {
		_, err := rp.Refresh(context.Background(), rt, first.Claims)
		wantErr(t, err, ErrInvalidGrant)
	}
	_, err = rp.Refresh(context.Background(), "", first.Claims)
	wantErr(t, err, ErrInvalidGrant)
}

func TestRevokeEndsRefresh(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	toks, err := login(t, e, rp)
	if err != nil {
		t.Fatal(err)
	}
	if err := rp.Revoke(context.Background(), toks.RefreshToken); err != nil {
		t.Fatal(err)
	}
	_, err = rp.Refresh(context.Background(), toks.RefreshToken, toks.Claims)
	wantErr(t, err, ErrInvalidGrant)
}

// deviceHarness drives PollDevice with an injected sleep that advances the
// shared clock, and approves or denies at the IdP over HTTP on a given poll.
type deviceHarness struct {
	e      *idp
	sleeps []time.Duration
	onPoll func(n int, d time.Duration) time.Duration // returns how far to advance
}

func (h *deviceHarness) sleep(_ context.Context, d time.Duration) error {
	h.sleeps = append(h.sleeps, d)
	h.e.clock.Advance(h.onPoll(len(h.sleeps), d))
	return nil
}

func (h *deviceHarness) rp(t *testing.T) *RelyingParty {
	cfg := h.e.config(h.e.client(""))
	cfg.Sleep = h.sleep
	rp, err := NewRelyingParty(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rp
}

var userCodeRe = regexp.MustCompile(`name="user_code" value="([^"]*)"`)

// decide approves (or denies) a device at the IdP like a person would.
func (e *idp) decide(t *testing.T, dc *DeviceCode, approve bool) {
	t.Helper()
	b := e.browser(maryUser, maryPassword)
	resp, err := b.hc.Get(dc.VerificationURIComplete)
	if err != nil {
		t.Fatal(err)
	}
	m := userCodeRe.FindStringSubmatch(readAll(t, resp))
	if m == nil {
		t.Fatal("no device login form")
	}
	form := url.Values{"user_code": {m[1]}, "username": {b.user}, "password": {b.pass}}
	if !approve {
		form.Set("cancel", "1")
	}
	resp, err = b.hc.PostForm(e.issuer+"/device", form)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("device decision: %v %v", err, resp.Status)
	}
	resp.Body.Close()
}

func TestDeviceFlowHonoursSlowDown(t *testing.T) {
	e := newIdP(t)
	h := &deviceHarness{e: e}
	rp := h.rp(t)
	dc, err := rp.DeviceAuth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h.onPoll = func(n int, d time.Duration) time.Duration {
		switch n {
		case 2:
			return d - 4*time.Second // a poll that comes too early: slow_down
		case 3:
			e.decide(t, dc, true)
		}
		return d
	}
	toks, err := rp.PollDevice(context.Background(), dc, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{5 * time.Second, 5 * time.Second, 10 * time.Second}
	if !slices.Equal(h.sleeps, want) {
		t.Fatalf("waits got %v want %v", h.sleeps, want)
	}
	if toks.Claims.Email != maryUser || toks.IDToken == "" {
		t.Fatalf("got %v", toks)
	}
}

func TestDeviceFlowExpires(t *testing.T) {
	e := newIdP(t)
	h := &deviceHarness{e: e, onPoll: func(_ int, d time.Duration) time.Duration { return d }}
	rp := h.rp(t)
	dc, err := rp.DeviceAuth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var remaining []time.Duration
	_, err = rp.PollDevice(context.Background(), dc, func(r time.Duration) { remaining = append(remaining, r) })
	wantErr(t, err, ErrDeviceCodeExpired)
	if len(remaining) < 2 || !slices.IsSortedFunc(remaining, func(a, b time.Duration) int { return int(b - a) }) {
		t.Fatalf("tick not counting down: %v", remaining)
	}
}

func TestDeviceFlowDenied(t *testing.T) {
	e := newIdP(t)
	h := &deviceHarness{e: e}
	rp := h.rp(t)
	dc, err := rp.DeviceAuth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	h.onPoll = func(n int, d time.Duration) time.Duration {
		if n == 1 {
			e.decide(t, dc, false)
		}
		return d
	}
	_, err = rp.PollDevice(context.Background(), dc, nil)
	wantErr(t, err, ErrAccessDenied)
}

func TestDeviceLoginPrintsCode(t *testing.T) {
	e := newIdP(t)
	h := &deviceHarness{e: e}
	rp := h.rp(t)
	var shown *DeviceCode
	h.onPoll = func(n int, d time.Duration) time.Duration {
		if n == 1 {
			e.decide(t, shown, true)
		}
		return d
	}
	out := &captureCode{}
	out.onCode = func(uri string) { shown = &DeviceCode{VerificationURIComplete: uri} }
	toks, err := Login(context.Background(), rp, LoginOptions{Device: true, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if toks.Claims.Subject == "" {
		t.Fatal("no subject")
	}
}

// captureCode reads the verification_uri_complete Login prints.
type captureCode struct {
	onCode func(uri string)
}

var completeRe = regexp.MustCompile(`or open (\S+)`)

func (c *captureCode) Write(p []byte) (int, error) {
	if m := completeRe.FindSubmatch(p); m != nil {
		c.onCode(string(m[1]))
	}
	return len(p), nil
}
