package oidcauth

import (
	"context"
	"crypto/subtle"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

const callbackPath = "/callback"

// Loopback receives one authorization response on http://127.0.0.1:PORT/callback
// (RFC 8252 §7.3).
type Loopback struct {
	ln       net.Listener
	host     string
	mu       sync.Mutex
	expected string // state to accept; empty accepts any
	result   chan url.Values
	once     sync.Once
}

// ListenLoopback listens on an ephemeral port of 127.0.0.1.
func ListenLoopback(ctx context.Context) (*Loopback, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	return &Loopback{ln: ln, host: ln.Addr().String(), result: make(chan url.Values, 1)}, nil
}

// RedirectURL is the redirect URI to register in the authorization request.
func (l *Loopback) RedirectURL() string { return "http://" + l.host + callbackPath }

// Expect makes the listener ignore callbacks whose state differs, so a stray
// or hostile request cannot end the wait before the real response arrives.
func (l *Loopback) Expect(state string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expected = state
}

// Close stops listening; Wait calls it itself.
func (l *Loopback) Close() error { return l.ln.Close() }

// Wait serves until one callback arrives or ctx ends, then shuts down.
// Other paths (favicon.ico, probes) get 404 and are ignored.
func (l *Loopback) Wait(ctx context.Context) (url.Values, error) {
	srv := &http.Server{Handler: l, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l.ln) }()
	defer shutdown(srv)
	select {
	case v := <-l.result:
		return v, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for the browser sign-in: %w", ctx.Err())
	}
}

// shutdown lets the response page finish, then closes everything.
func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		_ = srv.Close()
	}
}

func (l *Loopback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	switch {
	case r.URL.Path != callbackPath:
		http.NotFound(w, r)
	case r.Host != l.host: // DNS rebinding: only our own address
		http.Error(w, "wrong host", http.StatusMisdirectedRequest)
	case r.Method != http.MethodGet:
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	case !l.wanted(r.URL.Query()):
		http.Error(w, "this response does not belong to the sign-in in progress", http.StatusBadRequest)
	default:
		l.deliver(w, r.URL.Query())
	}
}

func (l *Loopback) wanted(q url.Values) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.expected == "" {
		return true
	}
	return subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(l.expected)) == 1
}

// deliver hands over the first callback; later ones are told it is done.
func (l *Loopback) deliver(w http.ResponseWriter, q url.Values) {
	delivered := false
	l.once.Do(func() {
		l.result <- q
		delivered = true
	})
	if !delivered {
		http.Error(w, "sign-in already received", http.StatusConflict)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = donePage.Execute(w, nil)
}

// setPageHeaders: nothing cached, no Referer carrying the code, nothing
// loaded from elsewhere (OAUTH-08).
func setPageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
}

var donePage = template.Must(template.New("done").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>qbiz sign-in</title>
<style>body{font-family:sans-serif;margin:4em auto;max-width:30em}</style></head>
<body><h1>Sign-in received</h1><p>You can close this tab and return to the terminal.</p></body></html>
`))
