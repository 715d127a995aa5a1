package oidcauth

import (
	"context"
	"fmt"
	"net/http"

	"github.com/qbiz/qbiz/internal/loopback"
)

const callbackPath = "/callback"

// Loopback receives one authorization response on http://127.0.0.1:PORT/callback
// (RFC 8252 §7.3). Other paths (favicon.ico, probes), other methods, other
// Host headers and responses whose state differs from Expect's are answered
// and ignored. The browser is answered only once the response is judged,
// with a redirect to a clean page that says whether the sign-in worked
// (OAUTH-08).
type Loopback struct {
	*loopback.Listener
}

// ListenLoopback listens on an ephemeral port of 127.0.0.1.
func ListenLoopback(ctx context.Context) (*Loopback, error) {
	l, err := loopback.Listen(ctx, loopback.Spec{Path: callbackPath, Method: http.MethodGet, Field: "state",
		Awaits: "the browser sign-in"})
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	return &Loopback{l}, nil
}

// ListenLoopbackAt listens exactly at redirectURI, a loopback redirect
// fixed in advance (loopback.ParseAddress), for identity providers that
// compare redirect URIs exactly; a port in use fails with a
// *loopback.PortInUseError, never another port.
func ListenLoopbackAt(ctx context.Context, redirectURI string) (*Loopback, error) {
	at, err := loopback.ParseAddress(redirectURI)
	if err != nil {
		return nil, fmt.Errorf("redirect URI: %w", err)
	}
	l, err := loopback.ListenAt(ctx, loopback.Spec{Method: http.MethodGet, Field: "state",
		Awaits: "the browser sign-in"}, at)
	if err != nil {
		return nil, fmt.Errorf("listen at the redirect URI: %w", err)
	}
	return &Loopback{l}, nil
}

// RedirectURL is the redirect URI to register in the authorization request.
func (l *Loopback) RedirectURL() string { return l.URL() }
