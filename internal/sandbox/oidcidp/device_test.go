package oidcidp

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func (e *env) pollDevice(dc string) (int, map[string]any) {
	e.t.Helper()
	status, body, _ := e.tokenPost(url.Values{"grant_type": {grantDeviceCode}, "device_code": {dc}, "client_id": {pubID}}, "", "")
	return status, body
}

func (e *env) approveDevice(uc, pass string) (int, string) {
	e.t.Helper()
	status, body, _ := e.get(e.issuer + "/device?user_code=" + url.QueryEscape(uc))
	m := hiddenRe.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil || m[1] != "user_code" {
		e.t.Fatalf("device page: %d %s", status, body)
	}
	status, body, _ = e.postForm("/idp/oidc/device", url.Values{"user_code": {m[2]}, "username": {"mary_major@example.com"}, "password": {pass}})
	return status, body
}

func TestDeviceFlow(t *testing.T) {
	e := newEnv(t)
	cfg := e.config(pubID, "", "", oauth2.AuthStyleInParams)
	da, err := cfg.DeviceAuth(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if da.Interval != 5 || !strings.HasPrefix(da.VerificationURIComplete, e.issuer+"/device?user_code=") || len(da.UserCode) != 9 {
		t.Fatalf("device auth %+v", da)
	}
	steps := []struct {
		advance time.Duration
		want    string
	}{
		{0, "authorization_pending"},
		{time.Second, "slow_down"}, // interval is now 10s
		{6 * time.Second, "slow_down"},
		{16 * time.Second, "authorization_pending"},
	}
	for i, s := range steps {
		e.clock.Advance(s.advance)
		if status, body := e.pollDevice(da.DeviceCode); status != 400 || body["error"] != s.want {
			t.Fatalf("step %d: %d %v, want %s", i, status, body, s.want)
		}
	}
	if status, body := e.approveDevice(strings.ToLower(da.UserCode), "wrong"); status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d %s", status, body)
	}
	if status, body := e.approveDevice(da.UserCode, "pw-mary"); status != http.StatusOK || !strings.Contains(body, "Signed in") {
		t.Fatalf("approve: %d %s", status, body)
	}
	e.clock.Advance(time.Minute)
	status, body := e.pollDevice(da.DeviceCode)
	if status != 200 || body["id_token"] == nil || body["refresh_token"] == nil {
		t.Fatalf("approved poll: %d %v", status, body)
	}
	if _, err := e.verifier(pubID).Verify(e.ctx(), body["id_token"].(string)); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	if status, body := e.pollDevice(da.DeviceCode); status != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("second use: %d %v", status, body)
	}
}

func TestDeviceFlowDeniedAndExpired(t *testing.T) {
	e := newEnv(t)
	cfg := e.config(pubID, "", "", oauth2.AuthStyleInParams)
	denied, err := cfg.DeviceAuth(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	expired, err := cfg.DeviceAuth(e.ctx())
	if err != nil {
		t.Fatal(err)
	}
	status, _, _ := e.postForm("/idp/oidc/device", url.Values{"user_code": {denied.UserCode}, "cancel": {"1"}})
	if status != http.StatusOK {
		t.Fatalf("deny: %d", status)
	}
	if status, body := e.pollDevice(denied.DeviceCode); body["error"] != "access_denied" {
		t.Fatalf("denied: %d %v", status, body)
	}
	e.clock.Advance(DefaultDeviceCodeTTL + time.Second)
	if status, body := e.pollDevice(expired.DeviceCode); body["error"] != "expired_token" {
		t.Fatalf("expired: %d %v", status, body)
	}
	if status, body, _ := e.get(e.issuer + "/device?user_code=" + expired.UserCode); status != http.StatusBadRequest || !strings.Contains(body, "expired") {
		t.Fatalf("expired code page: %d", status)
	}
	if status, body := e.pollDevice("forged"); status != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("forged: %d %v", status, body)
	}
}

func TestDeviceCodeEntryPage(t *testing.T) {
	e := newEnv(t)
	status, body, _ := e.get(e.issuer + "/device")
	if status != http.StatusOK || !strings.Contains(body, `name="user_code"`) {
		t.Fatalf("entry page: %d %s", status, body)
	}
	if status, _, _ := e.get(e.issuer + "/device?user_code=BCDF-GHJK"); status != http.StatusBadRequest {
		t.Fatalf("unknown code: %d", status)
	}
}
