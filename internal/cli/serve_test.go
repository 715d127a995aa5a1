package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// oidcIdPYAML is one OIDC identity provider.
const oidcIdPYAML = `addr: 127.0.0.1:9000
redis: redis://file:6379/0
identity_providers:
  - name: corp
    mode: oidc
    issuer: https://idp.example.com
    client_id: web
    client_secret_env: S
    role_arn: arn:aws:iam::123456789012:role/Web
    application_id: a1b2c3d4-5678-90ab-cdef-111111111111
    region: us-east-1
`

// serveCall runs qbiz serve with args against a Serve that records its
// request and returns serveErr.
func serveCall(t *testing.T, getenv map[string]string, serveErr error, args ...string) (int, *ServeRequest, string) {
	t.Helper()
	var got *ServeRequest
	var out, errs bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errs, Getenv: func(k string) string { return getenv[k] },
		Serve: func(_ context.Context, r ServeRequest) error { got = &r; return serveErr }}
	code := Main(context.Background(), append([]string{"serve"}, args...), env)
	return code, got, errs.String()
}

func writeServeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gw.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestServeUsageErrors(t *testing.T) {
	cfg := writeServeConfig(t, oidcIdPYAML)
	for _, args := range [][]string{
		{"--bogus"},
		{"extra-argument"},
		{"--log-format", "xml"},
		{"--sandbox-addr", "127.0.0.1:0"},
		{"--sandbox", "--config", cfg},
		{"--sandbox-url", "http://127.0.0.1:9000", "--config", cfg},
		{"--sandbox", "--sandbox-url", "http://127.0.0.1:9000"},
	} {
		code, req, stderr := serveCall(t, map[string]string{"S": "secret"}, nil, args...)
		if code != ExitUsage || req != nil {
			t.Errorf("serve %v: exit %d (served: %v), want 2\n%s", args, code, req != nil, stderr)
		}
	}
}

// Flags win over the environment, which wins over the file.
func TestServePrecedence(t *testing.T) {
	cfg := writeServeConfig(t, oidcIdPYAML)
	env := map[string]string{"S": "secret", "QBIZ_SERVE_REDIS": "redis://env:6379/0", "QBIZ_SERVE_SESSION_KEY_FILE": "/env/key"}
	code, req, stderr := serveCall(t, env, nil, "--config", cfg, "--redis", "redis://flag:6379/0")
	if code != ExitOK || req == nil {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	g := req.Config
	if g.Redis != "redis://flag:6379/0" || g.SessionKeyFile != "/env/key" || g.Addr != "127.0.0.1:9000" ||
		g.PublicURL != "http://127.0.0.1:9000" || len(g.IdPs) != 1 || g.IdPs[0].ClientSecret.Reveal() != "secret" || req.Sandbox {
		t.Errorf("request config: %+v", g)
	}
	_, req, _ = serveCall(t, env, nil, "--config", cfg, "--addr", "127.0.0.1:0", "--public-url", "https://chat.example.com",
		"--session-key-file", "/flag/key")
	if g := req.Config; g.Addr != "127.0.0.1:0" || g.PublicURL != "https://chat.example.com" || g.SessionKeyFile != "/flag/key" {
		t.Errorf("flags not applied: %+v", g)
	}
	_, req, _ = serveCall(t, env, nil, "--config", cfg, "--addr", "127.0.0.1:7000")
	if req.Config.PublicURL != "http://127.0.0.1:7000" {
		t.Errorf("the default public URL did not follow --addr: %s", req.Config.PublicURL)
	}
}

func TestServeSandboxRequest(t *testing.T) {
	code, req, stderr := serveCall(t, nil, nil, "--sandbox", "--sandbox-addr", "127.0.0.1:8484")
	if code != ExitOK || req == nil || !req.Sandbox || req.SandboxAddr != "127.0.0.1:8484" ||
		req.Config.Addr != "127.0.0.1:8000" || req.Stdout == nil || req.Logger == nil {
		t.Fatalf("exit %d, request %+v\n%s", code, req, stderr)
	}
	_, req, _ = serveCall(t, nil, nil, "--sandbox")
	if req.SandboxAddr != "127.0.0.1:0" || req.SandboxURL != "" {
		t.Errorf("default sandbox address %q, URL %q", req.SandboxAddr, req.SandboxURL)
	}
	_, req, _ = serveCall(t, nil, nil, "--sandbox-url", "http://127.0.0.1:9000", "--addr", "127.0.0.1:8001",
		"--public-url", "http://127.0.0.1:8000")
	if req == nil || req.Sandbox || req.SandboxURL != "http://127.0.0.1:9000" || req.Config.PublicURL != "http://127.0.0.1:8000" {
		t.Errorf("--sandbox-url request %+v", req)
	}
}

func TestServeErrorsExitOne(t *testing.T) {
	inline := writeServeConfig(t, strings.Replace(oidcIdPYAML, "client_secret_env: S", "client_secret: hunter2", 1))
	code, req, stderr := serveCall(t, nil, nil, "--config", inline)
	if code != ExitError || req != nil || !strings.Contains(stderr, "line 8: client_secret: a secret is never written") ||
		strings.Contains(stderr, "hunter2") {
		t.Errorf("inline secret: exit %d\n%s", code, stderr)
	}
	code, _, stderr = serveCall(t, nil, errors.New("redis at 127.0.0.1:1 does not answer"), "--sandbox")
	if code != ExitError || !strings.Contains(stderr, "qbiz: redis at 127.0.0.1:1 does not answer") {
		t.Errorf("Serve's error: exit %d\n%s", code, stderr)
	}
	var errs bytes.Buffer
	if code := Main(context.Background(), []string{"serve", "--sandbox"}, Env{Stdout: &errs, Stderr: &errs}); code != ExitError ||
		!strings.Contains(errs.String(), "built without the web gateway") {
		t.Errorf("no Serve: exit %d\n%s", code, errs.String())
	}
}

func TestServeLogFormatJSON(t *testing.T) {
	var errs bytes.Buffer
	env := Env{Stdout: &bytes.Buffer{}, Stderr: &errs, Serve: func(_ context.Context, r ServeRequest) error {
		r.Logger.Info("hello", "k", "v")
		return nil
	}}
	if code := Main(context.Background(), []string{"serve", "--sandbox", "--log-format", "json"}, env); code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.HasPrefix(errs.String(), `{"time":`) || !strings.Contains(errs.String(), `"msg":"hello"`) {
		t.Errorf("not JSON: %s", errs.String())
	}
}
