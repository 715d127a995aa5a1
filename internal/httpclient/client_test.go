package httpclient

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// protoServer answers with the protocol the request arrived over.
func protoServer(t *testing.T, tlsOn bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.Proto))
	}))
	srv.Config.Protocols = new(http.Protocols)
	srv.Config.Protocols.SetHTTP1(true)
	srv.Config.Protocols.SetUnencryptedHTTP2(true)
	if tlsOn {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv
}

func caFile(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type doer interface {
	Do(*http.Request) (*http.Response, error)
}

func get(c doer, url string) (string, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// TestClients: every client trusts exactly the roots given, and speaks
// what each peer needs: h2c prior knowledge to an http:// endpoint of an
// event stream (Chat), HTTP/1.1 to any other http:// peer, h2 over TLS.
func TestClients(t *testing.T) {
	tlsSrv, plain := protoServer(t, true), protoServer(t, false)
	pool, err := LoadCABundle(caFile(t, tlsSrv))
	if err != nil {
		t.Fatal(err)
	}
	trusted, system := Options{RootCAs: pool}, Options{}
	tests := []struct {
		name      string
		client    doer
		url       string
		wantProto string
		wantErr   string
	}{
		{"AWS, https, CA bundle", trusted.AWS(), tlsSrv.URL, "HTTP/2.0", ""},
		{"Stream, https, CA bundle", trusted.Stream(tlsSrv.URL), tlsSrv.URL, "HTTP/2.0", ""},
		{"IdP, https, CA bundle", trusted.IdP(time.Minute), tlsSrv.URL, "HTTP/2.0", ""},
		{"AWS, https, system roots", system.AWS(), tlsSrv.URL, "", "certificate signed by unknown authority"},
		{"Stream, https, system roots", system.Stream(tlsSrv.URL), tlsSrv.URL, "", "certificate signed by unknown authority"},
		{"IdP, https, system roots", system.IdP(time.Minute), tlsSrv.URL, "", "certificate signed by unknown authority"},
		{"AWS, http", trusted.AWS(), plain.URL, "HTTP/1.1", ""},
		{"Stream, http", trusted.Stream(plain.URL), plain.URL, "HTTP/2.0", ""},
		{"IdP, http", trusted.IdP(time.Minute), plain.URL, "HTTP/1.1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := get(tt.client, tt.url)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.wantProto {
				t.Errorf("got %q, %v; want %q", got, err, tt.wantProto)
			}
		})
	}
}

func TestLoadCABundle(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	os.WriteFile(notPEM, []byte("hello"), 0o600)
	tests := []struct {
		name, path string
		want       string
		is         error
	}{
		{"missing", filepath.Join(dir, "missing.pem"), "missing.pem", fs.ErrNotExist},
		{"not PEM", notPEM, "holds no PEM certificate", nil},
	}
	for _, tt := range tests {
		_, err := LoadCABundle(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.is != nil && !errors.Is(err, tt.is)) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
		if err := CheckCABundle(tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("check %s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestCheckCABundleAgreesWithLoad: a bundle passes the cheap check
// exactly when it loads, including one whose first block is no
// certificate.
func TestCheckCABundleAgreesWithLoad(t *testing.T) {
	dir := t.TempDir()
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	good, err := os.ReadFile(caFile(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	key := []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
	badDER := []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
	tests := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"one certificate", good, true},
		{"a key, then a certificate", append(append([]byte{}, key...), good...), true},
		{"a key only", key, false},
		{"a certificate block that does not parse", badDER, false},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".pem")
		os.WriteFile(path, tt.data, 0o600)
		_, loadErr := LoadCABundle(path)
		checkErr := CheckCABundle(path)
		if (loadErr == nil) != tt.ok || (checkErr == nil) != tt.ok {
			t.Errorf("%s: load err = %v, check err = %v, want ok %v", tt.name, loadErr, checkErr, tt.ok)
		}
	}
}

// TestLazyBuildsAtFirstRequestOnly: a client that makes no request never
// builds its transport; many requests build it once.
func TestLazyBuildsAtFirstRequestOnly(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	builds := 0
	c := &http.Client{Transport: Lazy(func() http.RoundTripper {
		builds++
		return srv.Client().Transport
	})}
	if builds != 0 {
		t.Fatalf("built %d times before any request", builds)
	}
	for range 3 {
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if builds != 1 {
		t.Errorf("built %d times for three requests, want 1", builds)
	}
}

// TestDialTimeout: every client connects through a dialer that gives up
// after DialTimeout, so a host that drops packets fails fast. The bound is
// read from the deadline the dial runs under, not waited for.
func TestDialTimeout(t *testing.T) {
	srv := protoServer(t, false)
	clients := []struct {
		name  string
		build func(Options) doer
	}{
		{"AWS", func(o Options) doer { return o.AWS() }},
		{"Stream", func(o Options) doer { return o.Stream(srv.URL) }},
		{"IdP", func(o Options) doer { return o.IdP(time.Minute) }},
	}
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			var deadline, dialing time.Time
			var bounded bool
			o := Options{dialControl: func(ctx context.Context, _, _ string, _ syscall.RawConn) error {
				deadline, bounded = ctx.Deadline()
				dialing = time.Now()
				return nil
			}}
			before := time.Now()
			if _, err := get(c.build(o), srv.URL); err != nil {
				t.Fatal(err)
			}
			if !bounded || deadline.Before(before.Add(DialTimeout)) || deadline.After(dialing.Add(DialTimeout)) {
				t.Fatalf("dial deadline %v after the dial began (bounded %v), want %v", deadline.Sub(dialing), bounded, DialTimeout)
			}
		})
	}
}
