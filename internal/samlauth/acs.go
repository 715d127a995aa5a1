package samlauth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"html/template"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// ACSPath is the loopback ACS path.
const ACSPath = "/saml/acs"

// maxACSBody bounds the posted form (SAML-18): a base64 response of
// DefaultMaxResponseBytes plus RelayState.
const maxACSBody = DefaultMaxResponseBytes/3*4 + 8192

// ACS receives one HTTP-POST SAMLResponse on
// http://127.0.0.1:PORT/saml/acs for the CLI (RFC 8252 style).
type ACS struct {
	ln     net.Listener
	host   string
	mu     sync.Mutex
	relay  string // RelayState to accept; empty accepts any
	result chan url.Values
	once   sync.Once
}

// ListenACS listens on an ephemeral port of 127.0.0.1.
func ListenACS(ctx context.Context) (*ACS, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback for the SAML response: %w", err)
	}
	return &ACS{ln: ln, host: ln.Addr().String(), result: make(chan url.Values, 1)}, nil
}

// URL is the ACS URL to put in the AuthnRequest.
func (a *ACS) URL() string { return "http://" + a.host + ACSPath }

// Expect makes the ACS ignore posts whose RelayState differs, so a stray or
// hostile local request cannot end the wait before the real response.
func (a *ACS) Expect(relayState string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.relay = relayState
}

// Close stops listening; Wait calls it itself.
func (a *ACS) Close() error {
	err := a.ln.Close()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// Wait serves until one response is posted or ctx ends, then shuts down.
func (a *ACS) Wait(ctx context.Context) (url.Values, error) {
	srv := &http.Server{Handler: a, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute}
	go func() { _ = srv.Serve(a.ln) }()
	defer shutdown(srv)
	select {
	case v := <-a.result:
		return v, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for the SAML response from the browser: %w", ctx.Err())
	}
}

func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		_ = srv.Close()
	}
}

// ServeHTTP accepts POST /saml/acs with a SAMLResponse; everything else
// (favicon, probes, GETs) is answered and ignored.
func (a *ACS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	switch {
	case r.URL.Path != ACSPath:
		http.NotFound(w, r)
	case r.Host != a.host: // DNS rebinding: only our own address
		http.Error(w, "wrong host", http.StatusMisdirectedRequest)
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	default:
		a.receive(w, r)
	}
}

func (a *ACS) receive(w http.ResponseWriter, r *http.Request) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		http.Error(w, "expected an HTML form post", http.StatusUnsupportedMediaType)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxACSBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "the response is too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "malformed form", http.StatusBadRequest)
		return
	}
	if r.PostForm.Get("SAMLResponse") == "" || !a.wanted(r.PostForm) {
		http.Error(w, "this response does not belong to the sign-in in progress", http.StatusBadRequest)
		return
	}
	a.deliver(w, r.PostForm)
}

func (a *ACS) wanted(form url.Values) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.relay == "" || subtle.ConstantTimeCompare([]byte(form.Get("RelayState")), []byte(a.relay)) == 1
}

// deliver hands over the first response; later ones are told it is done.
func (a *ACS) deliver(w http.ResponseWriter, form url.Values) {
	delivered := false
	a.once.Do(func() {
		a.result <- form
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

// setPageHeaders: nothing cached, no Referer, nothing loaded from elsewhere.
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
