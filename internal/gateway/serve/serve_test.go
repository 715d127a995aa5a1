package serve_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway/sandboxwiring"
	"github.com/qbiz/qbiz/internal/gateway/serve"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/session/redistest"
)

// lineWriter hands each complete line written to it to lines, and keeps
// everything for the test to read.
type lineWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	part  string
	lines chan string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 64)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.part += string(p)
	for {
		i := strings.IndexByte(w.part, '\n')
		if i < 0 {
			return len(p), nil
		}
		select {
		case w.lines <- w.part[:i]:
		default:
		}
		w.part = w.part[i+1:]
	}
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// runningServe is Run running in-process.
type runningServe struct {
	url    string
	cancel context.CancelFunc
	done   chan error
	out    *lineWriter
	errs   *lineWriter
}

// startRun runs o until it prints its listening line (or returns, which
// fails the test).
func startRun(t *testing.T, o serve.Options) *runningServe {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &runningServe{cancel: cancel, done: make(chan error, 1), out: newLineWriter(), errs: newLineWriter()}
	o.Stdout, o.Logger = r.out, logging.New(r.errs, false, false)
	if o.Config.Addr == "" {
		o.Config = o.Config.WithDefaults().WithAddr("127.0.0.1:0")
	}
	go func() { r.done <- serve.Run(ctx, o, sandboxwiring.StartForServe) }()
	t.Cleanup(func() {
		cancel()
		<-r.done
	})
	for {
		select {
		case line := <-r.out.lines:
			if u, ok := strings.CutPrefix(line, "qbiz serve: listening on "); ok {
				r.url = strings.Fields(u)[0]
				return r
			}
		case err := <-r.done:
			r.done <- err
			t.Fatalf("Run returned %v before listening\nstdout:\n%s\nstderr:\n%s", err, r.out, r.errs)
		}
	}
}

// stop ends Run's context and returns what Run returned.
func (r *runningServe) stop() error {
	r.cancel()
	err := <-r.done
	r.done <- err
	return err
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestRunSandboxQuickStart(t *testing.T) {
	r := startRun(t, serve.Options{Sandbox: true})
	if !strings.Contains(r.out.String(), "(3 identity providers: oidc, saml, idc)") {
		t.Errorf("listening line: %s", r.out)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := get(t, r.url+path); code != http.StatusOK {
			t.Errorf("GET %s = %d %s", path, code, body)
		}
	}
	code, body := get(t, r.url+"/")
	if code != http.StatusOK {
		t.Fatalf("GET / = %d", code)
	}
	for _, idp := range []string{"oidc", "saml", "idc"} {
		if !strings.Contains(body, "/login?idp="+idp) {
			t.Errorf("the chooser has no %s sign-in:\n%s", idp, body)
		}
	}
	sandboxURL := strings.Fields(strings.TrimPrefix(r.out.String(), "qbiz serve: sandbox at "))[0]
	if code, _ := get(t, sandboxURL+"/sandbox/info"); code != http.StatusOK {
		t.Errorf("GET sandbox /sandbox/info = %d", code)
	}
	if err := r.stop(); err != nil {
		t.Errorf("Run = %v after its context ended, want nil\n%s", err, r.errs)
	}
	if _, err := http.Get(r.url + "/healthz"); err == nil {
		t.Error("still serving after the interrupt")
	}
}

func TestRunSandboxAddr(t *testing.T) {
	addr := freeAddr(t)
	r := startRun(t, serve.Options{Sandbox: true, SandboxAddr: addr})
	if code, body := get(t, "http://"+addr+"/sandbox/info"); code != http.StatusOK || !strings.Contains(body, "mary_major@example.com") {
		t.Errorf("GET /sandbox/info at --sandbox-addr = %d", code)
	}
	r.stop()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

const oidcIdPYAML = `identity_providers:
  - name: corp
    mode: oidc
    issuer: https://idp.example.com
    client_id: web
    client_secret_env: S
    role_arn: arn:aws:iam::123456789012:role/Web
    application_id: a1b2c3d4-5678-90ab-cdef-111111111111
    region: us-east-1
`

func writeFile(t *testing.T, path, body string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// oidcConfig is one OIDC identity provider nothing is asked of before
// the gateway is ready.
func oidcConfig(t *testing.T) config.Gateway {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gw.yaml")
	writeFile(t, path, oidcIdPYAML, 0o600)
	g, err := config.LoadGateway(path, config.MapEnv{"S": "hunter2"})
	if err != nil {
		t.Fatal(err)
	}
	return g.WithAddr("127.0.0.1:0")
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "session.key")
	writeFile(t, key, base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))+"\n", 0o600)
	openKey := filepath.Join(dir, "open.key")
	writeFile(t, openKey, strings.Repeat("k", 32), 0o644)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name   string
		mutate func(*config.Gateway)
		want   string
	}{
		{"no identity provider", func(g *config.Gateway) { g.IdPs = nil }, "no identity provider configured"},
		{"redis nobody answers", func(g *config.Gateway) {
			g.Redis, g.SessionKeyFile = "redis://:hunter2@"+freeAddr(t)+"/0", key
		}, "does not answer"},
		{"redis without a key", func(g *config.Gateway) { g.Redis = "redis://127.0.0.1:1/0" }, "--redis needs --session-key-file"},
		{"key file missing", func(g *config.Gateway) { g.SessionKeyFile = filepath.Join(dir, "nope") }, "does not exist"},
		{"key file open to others", func(g *config.Gateway) { g.SessionKeyFile = openKey }, "chmod 600"},
		{"public url over http", func(g *config.Gateway) { g.PublicURL = "http://chat.example.com" }, "http only for a loopback host"},
		{"address in use", func(g *config.Gateway) { *g = g.WithAddr(busy.Addr().String()) }, "listen on " + busy.Addr().String()},
		{"regions differ", func(g *config.Gateway) {
			other := g.IdPs[0]
			other.Name, other.Profile.Region = "eu", "eu-west-1"
			g.IdPs = append(g.IdPs, other)
		}, "different regions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := oidcConfig(t)
			tt.mutate(&cfg)
			var out bytes.Buffer
			err := serve.Run(context.Background(), serve.Options{Config: cfg, Stdout: &out, Logger: logging.Discard()}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Run = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(out.String(), "listening") {
				t.Errorf("secret shown or listening: %v %s", err, out.String())
			}
		})
	}
}

// With Redis and a shared key file, the gateway starts and is ready.
func TestRunRedis(t *testing.T) {
	srv := redistest.StartServer(t)
	key := filepath.Join(t.TempDir(), "session.key")
	writeFile(t, key, strings.Repeat("k", 32), 0o600)
	cfg := config.Gateway{Redis: srv.URL(), SessionKeyFile: key}.WithDefaults().WithAddr("127.0.0.1:0")
	r := startRun(t, serve.Options{Config: cfg, Sandbox: true})
	if code, body := get(t, r.url+"/readyz"); code != http.StatusOK {
		t.Errorf("GET /readyz = %d %s", code, body)
	}
	if !strings.Contains(r.errs.String(), "store=redis") {
		t.Errorf("not on Redis:\n%s", r.errs)
	}
	if err := r.stop(); err != nil {
		t.Errorf("Run = %v", err)
	}
}
