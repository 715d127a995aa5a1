package loopback

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Address is a loopback redirect URI fixed in advance, as registered at an
// identity provider that compares redirect URIs exactly (RFC 8252 §7.3):
// http, a loopback host, an explicit port and the path served.
type Address struct {
	raw   string   // exactly as given: what is sent to the identity provider
	host  string   // the Host header a browser sends: host:port, lower case
	path  string   // the one path served
	port  string   // the port, for messages
	binds []string // where to listen; the first must be free
	// optional binds may fail when the system lacks them (no IPv6 loopback).
	optional int
}

// ParseAddress checks raw as a fixed loopback redirect URI: http (the
// listener speaks no TLS), a host that is a loopback IP literal or
// localhost, an explicit non-zero port, an absolute path, and no user
// info, query or fragment. RFC 8252 §8.3 recommends the IP literal
// 127.0.0.1; localhost is accepted for identity providers registered with
// it and is listened on at 127.0.0.1 and ::1, wherever the browser
// resolves it.
func ParseAddress(raw string) (Address, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Address{}, fmt.Errorf("%q is not a URL", raw)
	}
	if err := checkShape(u); err != nil {
		return Address{}, fmt.Errorf("%q: %w", raw, err)
	}
	host := strings.ToLower(u.Hostname())
	a := Address{raw: raw, host: strings.ToLower(u.Host), path: u.Path, port: u.Port()}
	if host == "localhost" {
		a.binds, a.optional = []string{net.JoinHostPort("127.0.0.1", a.port), net.JoinHostPort("::1", a.port)}, 1
	} else {
		a.binds = []string{net.JoinHostPort(host, a.port)}
	}
	return a, nil
}

func checkShape(u *url.URL) error {
	switch {
	case u.Scheme != "http":
		return errors.New("want http://127.0.0.1:PORT/PATH (a loopback redirect is plain http, RFC 8252 §7.3)")
	case u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return errors.New("must carry no user info, query or fragment")
	case !loopbackHost(u.Hostname()):
		return fmt.Errorf("host %q is not loopback: want 127.0.0.1 (or localhost, or [::1])", u.Hostname())
	}
	if n, err := strconv.Atoi(u.Port()); err != nil || n < 1 || n > 65535 {
		return errors.New("needs an explicit port, e.g. http://127.0.0.1:8765/callback")
	}
	if !strings.HasPrefix(u.Path, "/") || u.Path == donePath || u.Path == failedPath {
		return fmt.Errorf("needs a path such as /callback (not %s or %s, which show the result)", donePath, failedPath)
	}
	return nil
}

func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String is the URI exactly as given.
func (a Address) String() string { return a.raw }

// Port is the fixed port.
func (a Address) Port() string { return a.port }
