package sandbox

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// untilReady answers 503 with Retry-After until the world is built, so a
// client that connects as soon as the port opens never sees a world still
// being provisioned.
func (s *Sandbox) untilReady(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.ready.Load() {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "qbiz sandbox: the world is still being built; retry in a moment", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bootServer serves the sandbox's handler on in-process connections only:
// the scenario is provisioned through it, over real HTTP, while the public
// port still answers 503.
type bootServer struct {
	srv *http.Server
	tr  *http.Transport
}

func startBoot(h http.Handler, addr net.Addr, log *slog.Logger) *bootServer {
	ln := newPipeListener(addr)
	b := &bootServer{srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug)},
		// HTTP/1.1 whatever the URL's host and scheme: the connection is
		// in-process, so there is no TLS to do.
		tr: &http.Transport{DialContext: ln.dial, DialTLSContext: ln.dial}}
	go func() { _ = b.srv.Serve(ln) }()
	return b
}

func (b *bootServer) client() *http.Client {
	return &http.Client{Transport: b.tr, Timeout: 30 * time.Second}
}

func (b *bootServer) close() {
	_ = b.srv.Close()
	b.tr.CloseIdleConnections()
}

// pipeListener is a net.Listener whose connections are net.Pipe ends.
type pipeListener struct {
	addr  net.Addr
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener(addr net.Addr) *pipeListener {
	return &pipeListener{addr: addr, conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return l.addr }

func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		_, _ = client.Close(), server.Close()
		return nil, net.ErrClosed
	case <-ctx.Done():
		_, _ = client.Close(), server.Close()
		return nil, ctx.Err()
	}
}
