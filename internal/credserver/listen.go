package credserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// DefaultAddr is a loopback address with a port the system picks.
const DefaultAddr = "127.0.0.1:0"

// ErrNotLoopback refuses an address off the loopback interface.
var ErrNotLoopback = errors.New("the credential endpoint listens on a loopback address only")

// Listen listens on addr, which must be a loopback IP with a port.
func Listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("credential server address %q: %w", addr, err)
	}
	if !loopbackIP(host) {
		return nil, fmt.Errorf("credential server address %q: %w", addr, ErrNotLoopback)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("credential server: %w", err)
	}
	return l, nil
}

// URL is the address clients put in AWS_CONTAINER_CREDENTIALS_FULL_URI.
func URL(l net.Listener) string { return "http://" + l.Addr().String() + "/credentials" }

// Serve serves s on l until ctx ends, then shuts down.
func Serve(ctx context.Context, l net.Listener, s *Server) error {
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(l) }()
	select {
	case err := <-done:
		return fmt.Errorf("credential server: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := hs.Shutdown(shut)
	<-done
	return err
}
