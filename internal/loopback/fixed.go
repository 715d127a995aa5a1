package loopback

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
)

// ErrPortInUse is returned, wrapped in a *PortInUseError, when the fixed
// port is held by another program.
var ErrPortInUse = errors.New("the port is already in use")

// PortInUseError names the fixed address that could not be had and, where
// the system tells, the program holding it.
type PortInUseError struct {
	Addr string // host:port
	Port string
	// Holder describes the listening process ("process 1234 (python3)"),
	// or is empty when it cannot be found.
	Holder string
}

func (e *PortInUseError) Error() string {
	by := "another program"
	if e.Holder != "" {
		by = e.Holder
	}
	return fmt.Sprintf("listen on %s: port %s is already in use by %s (another qbiz login still waiting?); "+
		"the redirect URI is fixed, so no other port is tried; see what listens there with: "+
		"ss -ltnp 'sport = :%s' (or lsof -nP -iTCP:%s -sTCP:LISTEN)", e.Addr, e.Port, by, e.Port, e.Port)
}

func (e *PortInUseError) Unwrap() error { return ErrPortInUse }

// ListenAt listens exactly at a: its host(s), its port and its path (which
// replaces spec.Path). A port held by another program fails with a
// *PortInUseError; no other port is ever picked, since the identity
// provider would refuse it.
func ListenAt(ctx context.Context, spec Spec, a Address) (*Listener, error) {
	spec.Path = a.path
	var lns []net.Listener
	for i, addr := range a.binds {
		ln, err := bind(ctx, addr, a.port)
		if err != nil && i >= len(a.binds)-a.optional && !errors.Is(err, ErrPortInUse) {
			continue // e.g. no IPv6 loopback: localhost resolves to 127.0.0.1 alone
		}
		if err != nil {
			closeAll(lns)
			return nil, err
		}
		lns = append(lns, ln)
	}
	return newListener(spec, lns, a.host, a.raw), nil
}

func bind(ctx context.Context, addr, port string) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, &PortInUseError{Addr: addr, Port: port, Holder: holder(port)}
	case errors.Is(err, syscall.EACCES):
		return nil, fmt.Errorf("listen on %s: not permitted (ports below 1024 need privileges: register a higher port): %w", addr, err)
	}
	return ln, err
}

func closeAll(lns []net.Listener) {
	for _, ln := range lns {
		_ = ln.Close()
	}
}
