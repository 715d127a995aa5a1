package loopback

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestParseAddress: a fixed redirect is http on a loopback host with an
// explicit port and a path, nothing else.
func TestParseAddress(t *testing.T) {
	good := []string{
		"http://127.0.0.1:8765/callback",
		"http://localhost:8765/callback",
		"http://LOCALHOST:8765/auth/oidc/callback",
		"http://[::1]:8765/saml/acs",
		"http://127.0.0.2:1/",
		"http://[::ffff:127.0.0.1]:8765/cb",    // IPv4-mapped loopback is loopback
		"http://127.0.0.1:8765/callback/../cb", // served as given, not cleaned
	}
	for _, raw := range good {
		a, err := ParseAddress(raw)
		if err != nil || a.String() != raw {
			t.Errorf("ParseAddress(%q) = %q, %v", raw, a.String(), err)
		}
	}
	bad := map[string]string{
		"https://127.0.0.1:8765/callback":     "plain http",
		"http://127.0.0.1/callback":           "explicit port",
		"http://127.0.0.1:0/callback":         "explicit port",
		"http://127.0.0.1:70000/callback":     "explicit port",
		"http://127.0.0.1:8765":               "path",
		"http://127.0.0.1:8765/done":          "path",
		"http://192.0.2.1:8765/callback":      "not loopback",
		"http://example.com:8765/callback":    "not loopback",
		"http://localhost.evil:8765/callback": "not loopback",
		"http://127.0.0.1:8765/callback?x=1":  "query",
		"http://127.0.0.1:8765/callback#f":    "fragment",
		"http://u:p@127.0.0.1:8765/callback":  "user info",
		"http://127.0.0.1:8765/callback%zz":   "not a URL",
		"/callback":                           "plain http",
		"http://127.0.0.1:port/callback":      "not a URL",
		"http://127.0.0.1:8765/callback?":     "query",
		"ftp://127.0.0.1:8765/callback":       "plain http",
		"http://127.0.0.1:-1/callback":        "not a URL",
		"http://0.0.0.0:8765/callback":        "not loopback",
		"http://[::]:8765/callback":           "not loopback",
		"http://127.0.0.1:8765/failed":        "path",
		"http://127.0.0.1:08765x/callback":    "not a URL",
	}
	for raw, want := range bad {
		_, err := ParseAddress(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseAddress(%q) = %v, want an error saying %q", raw, err, want)
		}
	}
}

// freePort is a port nothing listens on (the system's pick, released).
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	return port
}

func listenAt(t *testing.T, spec Spec, raw string) *Listener {
	t.Helper()
	a, err := ParseAddress(raw)
	if err != nil {
		t.Fatal(err)
	}
	l, err := ListenAt(context.Background(), spec, a)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// TestListenAtServesExactly: the listener binds the configured port, its
// URL is the configured URI as given, and it serves the configured path
// only: the spec's own path, the bare origin and another Host are refused
// without using up the expected state, which the real request then brings.
func TestListenAtServesExactly(t *testing.T) {
	port := freePort(t)
	raw := "http://127.0.0.1:" + port + "/auth/oidc/callback"
	l := listenAt(t, querySpec, raw)
	if l.URL() != raw {
		t.Fatalf("URL %q, want %q", l.URL(), raw)
	}
	l.Expect("s1")
	got := serve(t, l, nil)
	strays := []request{
		{"the default path", "GET", "/callback?state=s1&code=c", "", "", "", 404},
		{"root", "GET", "/?state=s1&code=c", "", "", "", 404},
		{"a prefix", "GET", "/auth/oidc?state=s1&code=c", "", "", "", 404},
		{"localhost for 127.0.0.1", "GET", "/auth/oidc/callback?state=s1&code=c", "localhost:" + port, "", "", 421},
	}
	for _, s := range strays {
		if resp := s.do(t, l); resp.StatusCode != s.want {
			t.Errorf("%s: status %d, want %d", s.name, resp.StatusCode, s.want)
		}
	}
	real := request{"real", "GET", "/auth/oidc/callback?state=s1&code=c", "", "", "", 303}
	if resp := real.do(t, l); resp.StatusCode != real.want {
		t.Fatalf("real: status %d", resp.StatusCode)
	}
	_ = showResult(t, l, donePath)
	if r := <-got; r.err != nil || r.values.Get("code") != "c" {
		t.Fatalf("Receive: %v, delivered %v", r.err, r.values)
	}
}

// TestListenAtLocalhost: a localhost redirect is served on 127.0.0.1 and,
// where the system has it, ::1, under the Host header localhost:PORT.
func TestListenAtLocalhost(t *testing.T) {
	port := freePort(t)
	l := listenAt(t, querySpec, "http://localhost:"+port+"/callback")
	l.Expect("s1")
	got := serve(t, l, nil)
	if len(l.lns) == 2 {
		stray := request{"via ::1, foreign state", "GET", "/callback?state=s2&code=c", "", "", "", 400}
		req, _ := http.NewRequest(stray.method, "http://[::1]:"+port+stray.path, nil)
		req.Host = "localhost:" + port
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil || resp.StatusCode != stray.want {
			t.Fatalf("%s: %v %v", stray.name, resp, err)
		}
		resp.Body.Close()
	}
	req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/callback?state=s1&code=c", nil)
	req.Host = "localhost:" + port
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("via 127.0.0.1: %v %v", resp, err)
	}
	resp.Body.Close()
	_ = showResult(t, l, donePath)
	if r := <-got; r.err != nil || r.values.Get("code") != "c" {
		t.Fatalf("Receive: %v, delivered %v", r.err, r.values)
	}
}

// TestListenAtBusyPort: a port another program holds fails clearly,
// naming the port and the holder, and no other port is picked; for
// localhost, ::1 held alone is as busy as 127.0.0.1.
func TestListenAtBusyPort(t *testing.T) {
	for _, tc := range []struct{ name, hold, host string }{
		{"127.0.0.1", "127.0.0.1", "127.0.0.1"},
		{"localhost, 127.0.0.1 held", "127.0.0.1", "localhost"},
		{"localhost, ::1 held", "::1", "localhost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			busy, err := net.Listen("tcp", net.JoinHostPort(tc.hold, "0"))
			if err != nil {
				t.Skipf("no %s here: %v", tc.hold, err)
			}
			defer busy.Close()
			port := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
			a, err := ParseAddress(fmt.Sprintf("http://%s:%s/callback", tc.host, port))
			if err != nil {
				t.Fatal(err)
			}
			l, err := ListenAt(context.Background(), querySpec, a)
			if err == nil {
				l.Close()
				t.Fatalf("listened at %s while the port is held", a)
			}
			var inUse *PortInUseError
			if !errors.Is(err, ErrPortInUse) || !errors.As(err, &inUse) {
				t.Fatalf("error %v, want a PortInUseError", err)
			}
			msg := err.Error()
			for _, want := range []string{"port " + port + " is already in use", "no other port", "ss -ltnp 'sport = :" + port + "'"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message lacks %q: %s", want, msg)
				}
			}
			// The holder is this test's own process, which /proc shows.
			if own := fmt.Sprintf("process %d", os.Getpid()); runtime.GOOS == "linux" && !strings.Contains(msg, own) {
				t.Errorf("message does not name the holder, %s: %s", own, msg)
			}
		})
	}
}
