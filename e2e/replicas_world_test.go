package e2e_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/session/redistest"
)

// replicaWorld is a two-replica deployment on loopback: one sandbox, one
// redis-server, a load balancer double at the public URL, and qbiz serve
// processes (the built binary) started from one configuration file.
type replicaWorld struct {
	t      *testing.T
	sb     *sandbox.Sandbox
	redis  *redistest.Server
	lb     *loadBalancer
	config string // the replicas' YAML file
}

func newReplicaWorld(t *testing.T) *replicaWorld {
	t.Helper()
	rs := redistest.StartServer(t)
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	if err := trustGateway(sb); err != nil {
		t.Fatalf("trust the gateway's client: %v", err)
	}
	w := &replicaWorld{t: t, sb: sb, redis: rs, lb: newLoadBalancer(t)}
	w.config = w.writeConfig(fetchInfo(t, sb.URL))
	return w
}

// fetchInfo reads the world as any client would: GET /sandbox/info.
func fetchInfo(t *testing.T, sandboxURL string) sandbox.Info {
	t.Helper()
	resp, err := http.Get(sandboxURL + "/sandbox/info")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var info sandbox.Info
	if err := json.NewDecoder(resp.Body).Decode(&info); resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("GET /sandbox/info: %d: %v", resp.StatusCode, err)
	}
	return info
}

// writeConfig writes what an operator would give every replica: the same
// public URL (the load balancer's), Redis, session key file and trusted
// proxies, and the sandbox's OIDC and SAML applications.
func (w *replicaWorld) writeConfig(info sandbox.Info) string {
	dir := w.t.TempDir()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	writeSecretFile(w.t, filepath.Join(dir, "session.key"), base64.StdEncoding.EncodeToString(key)+"\n")
	writeSecretFile(w.t, filepath.Join(dir, "gateway.secret"), gatewayClientSecret(w.t, info)+"\n")
	oidcApp, _ := info.App("oidc")
	samlApp, _ := info.App("saml")
	yaml := fmt.Sprintf(`public_url: %s
redis: %s
session_key_file: %s
trusted_proxies: [127.0.0.1/32]
identity_providers:
  - name: corp
    label: Company SSO
    mode: oidc
    issuer: %s
    client_id: %s
    client_secret_file: %s
    role_arn: %s
    application_id: %s
    region: %s
    endpoint_url: %s
  - name: saml
    label: Company SAML
    mode: saml
    saml_sso_url: %s
    saml_idp_metadata_url: %s
    saml_entity_id: %s
    role_arn: %s
    provider_arn: %s
    application_id: %s
    region: %s
    endpoint_url: %s
`, w.lb.url, w.redis.URL(), filepath.Join(dir, "session.key"),
		info.OIDC.Issuer, scenario.GatewayClientID, filepath.Join(dir, "gateway.secret"),
		oidcApp.RoleARN, oidcApp.ApplicationID, info.Region, info.Endpoint,
		info.SAML.SSOURL, info.SAML.MetadataURL, info.SAML.SPEntityID,
		samlApp.RoleARN, samlApp.ProviderARN, samlApp.ApplicationID, info.Region, info.Endpoint)
	path := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		w.t.Fatal(err)
	}
	return path
}

func gatewayClientSecret(t *testing.T, info sandbox.Info) string {
	t.Helper()
	for _, c := range info.OIDC.Clients {
		if c.ClientID == scenario.GatewayClientID && c.ClientSecret != "" {
			return c.ClientSecret
		}
	}
	t.Fatalf("/sandbox/info lists no confidential client %s", scenario.GatewayClientID)
	return ""
}

func writeSecretFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// replica is one running qbiz serve process.
type replica struct {
	name   string
	cmd    *exec.Cmd
	url    string // where it listens (the load balancer's backend)
	stderr *syncBuffer
	exited chan error
}

// startReplica runs qbiz serve --config on a free loopback port and
// waits for its listening line.
func (w *replicaWorld) startReplica(name string) *replica {
	w.t.Helper()
	cmd := exec.Command(qbizBin, "serve", "--config", w.config, "--addr", "127.0.0.1:0")
	cmd.Env = []string{"HOME=" + w.t.TempDir(), "PATH=" + os.Getenv("PATH")}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		w.t.Fatal(err)
	}
	r := &replica{name: name, cmd: cmd, stderr: &syncBuffer{}, exited: make(chan error, 1)}
	cmd.Stderr = r.stderr
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { _ = cmd.Process.Kill() })
	if r.url = listeningURL(w.t, stdout); r.url == "" {
		_ = cmd.Wait()
		w.t.Fatalf("replica %s printed no listening line\n%s", name, r.stderr)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout); r.exited <- cmd.Wait() }()
	return r
}

// stop sends SIGTERM and requires a clean exit (0) after the drain.
func (r *replica) stop(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-r.exited; err != nil {
		t.Errorf("replica %s after SIGTERM: %v (want exit 0)\n%s", r.name, err, r.stderr)
	}
}

// loadBalancer is a reverse proxy double at the public URL, sending every
// request to the one backend the test names (no stickiness: the test
// moves a browser between replicas at will). It adds X-Forwarded-For as
// a real one does.
type loadBalancer struct {
	url     string
	backend atomic.Pointer[url.URL]
}

func newLoadBalancer(t *testing.T) *loadBalancer {
	t.Helper()
	lb := &loadBalancer{}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(lb.backend.Load())
			r.Out.Host = r.In.Host
			r.SetXForwarded()
		},
		FlushInterval: -1,
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	lb.url = srv.URL
	return lb
}

// to sends the following requests to r.
func (lb *loadBalancer) to(t *testing.T, r *replica) {
	t.Helper()
	u, err := url.Parse(r.url)
	if err != nil || !strings.HasPrefix(r.url, "http://127.0.0.1:") {
		t.Fatalf("replica %s listens on %q", r.name, r.url)
	}
	lb.backend.Store(u)
}
