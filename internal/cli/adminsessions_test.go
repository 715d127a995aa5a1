package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/redisstore"
	"github.com/qbiz/qbiz/internal/session/redistest"
)

// qbiz admin sessions revoke ends every gateway session of the named
// (issuer, subject) in the store the gateway's replicas share, whether
// Redis is named by --redis or by the gateway's --config; sessions of the
// same subject at another issuer, and of other users, stay.
func TestAdminSessionsRevoke(t *testing.T) {
	srv := redistest.StartServer(t)
	store := redisstore.New(srv.Client(t), redisstore.GatewayPrefix)
	ctx := context.Background()
	iss, other := "https://idp.example.com", "https://other-idp.example.com"
	put := func(issuer, subject string) string {
		id, err := session.NewID(nil)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		s := &session.Session{ID: id, User: identity.Identity{Issuer: issuer, Subject: subject}, IdP: "corp",
			Created: now, LastSeen: now, Expires: now.Add(time.Hour), SignIn: []byte("sealed")}
		if err := store.Create(ctx, s); err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, how := range [][]string{{"--redis", srv.URL()}, {"--config", writeServeConfig(t,
		strings.Replace(oidcIdPYAML, "redis://file:6379/0", srv.URL(), 1))}} {
		gone := []string{put(iss, "alice"), put(iss, "alice")}
		kept := []string{put(other, "alice"), put(iss, "bob")}
		var out, errs bytes.Buffer
		env := Env{Stdout: &out, Stderr: &errs, Getenv: func(k string) string { return map[string]string{"S": "secret"}[k] }}
		args := append([]string{"admin", "sessions", "revoke", "--issuer", iss, "--subject", "alice"}, how...)
		if code := Main(ctx, args, env); code != 0 || !strings.Contains(out.String(), "ended 2 session") {
			t.Fatalf("%v: exit %d, %q %q", how, code, out.String(), errs.String())
		}
		for _, id := range gone {
			if _, err := store.Get(ctx, id); err == nil {
				t.Errorf("%v: alice's session kept", how)
			}
		}
		for _, id := range kept {
			if _, err := store.Get(ctx, id); err != nil {
				t.Errorf("%v: another user's session ended: %v", how, err)
			}
		}
	}
}

// Without a subject, or without Redis (sessions in one process's memory),
// the command refuses and says why.
func TestAdminSessionsRevokeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--issuer", "https://idp.example.com"},
		{"--subject", "alice"},
		{"--issuer", "https://idp.example.com", "--subject", "alice"},
	} {
		var out, errs bytes.Buffer
		env := Env{Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
		if code := Main(context.Background(), append([]string{"admin", "sessions", "revoke"}, args...), env); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, ExitUsage, errs.String())
		}
	}
}
