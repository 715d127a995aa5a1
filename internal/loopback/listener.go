package loopback

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// notOurs answers a request that does not belong to the sign-in in progress.
const notOurs = "this response does not belong to the sign-in in progress"

// pageGrace bounds how long a finished listener waits for the browser to
// fetch the result page it was redirected to.
const pageGrace = 5 * time.Second

// Spec says which one request a Listener accepts.
type Spec struct {
	// Path is the one path served, e.g. "/callback".
	Path string
	// Method is the one method accepted, e.g. http.MethodGet.
	Method string
	// Read extracts the values of a request to Path with Method; when the
	// request is unusable it answers w itself and returns false. Nil reads
	// the URL query (ReadQuery).
	Read ReadFunc
	// Field names the value compared, in constant time, with Expect's.
	Field string
	// Require lists values that must be present and non-empty.
	Require []string
	// ReadTimeout bounds reading a whole request; zero leaves only the
	// 10-second bound on the headers.
	ReadTimeout time.Duration
	// Awaits names what the listener waits for, in the error returned when
	// nothing came: "waiting for <Awaits>: context canceled".
	Awaits string
}

// Listener receives one request on http://127.0.0.1:PORT/Path, or at a
// fixed Address.
type Listener struct {
	spec     Spec
	lns      []net.Listener
	host     string // the Host header accepted
	url      string // the URL the identity provider sends the browser to
	mu       sync.Mutex
	expected string // Field value to accept; empty accepts any
	result   chan url.Values
	once     sync.Once
	outcome  *outcome
}

// Listen listens on an ephemeral port of 127.0.0.1.
func Listen(ctx context.Context, spec Spec) (*Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	host := ln.Addr().String()
	return newListener(spec, []net.Listener{ln}, host, "http://"+host+spec.Path), nil
}

func newListener(spec Spec, lns []net.Listener, host, u string) *Listener {
	if spec.Read == nil {
		spec.Read = ReadQuery
	}
	return &Listener{spec: spec, lns: lns, host: host, url: u, result: make(chan url.Values, 1), outcome: newOutcome()}
}

// URL is http://127.0.0.1:PORT followed by the served path, or the fixed
// Address exactly as given.
func (l *Listener) URL() string { return l.url }

// Expect makes the listener ignore requests whose Field value differs.
func (l *Listener) Expect(value string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expected = value
}

// Close stops listening; Receive calls it itself, and closing twice is not
// an error.
func (l *Listener) Close() error {
	var errs []error
	for _, ln := range l.lns {
		if err := ln.Close(); !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Receive serves until the one request arrives, hands its values to
// accept, and only then answers the browser: a redirect (303) to a clean
// URL of this listener, /done when accept returned nil and /failed
// otherwise, so the page tells the truth and the URL that carried the
// response leaves the address bar (OAUTH-08). It returns accept's error, or
// ctx.Err() (wrapped, naming Spec.Awaits) when ctx ends before a request
// arrives; then it shuts down.
func (l *Listener) Receive(ctx context.Context, accept func(url.Values) error) error {
	srv := &http.Server{Handler: l, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: l.spec.ReadTimeout}
	for _, ln := range l.lns {
		go func() { _ = srv.Serve(ln) }()
	}
	defer shutdown(srv)
	select {
	case v := <-l.result:
		err := accept(v)
		l.outcome.decide(err == nil)
		l.outcome.awaitPage(pageGrace)
		return err
	case <-ctx.Done():
		l.outcome.decide(false)
		return fmt.Errorf("waiting for %s: %w", l.spec.Awaits, ctx.Err())
	}
}

// shutdown lets the result page finish, then closes everything.
func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		_ = srv.Close()
	}
}
