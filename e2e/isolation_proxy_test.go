package e2e_test

import (
	"bytes"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
)

// cachingProxy is a naive shared cache in front of the gateway, as a CDN
// or a corporate proxy would be: it keeps every GET answered 200 under its
// URL, unless the answer says Cache-Control no-store or private, and
// keys it by the request's Cookie header too when the answer says Vary:
// Cookie. Anything else passes through (streams flushed at once).
type cachingProxy struct {
	url    string
	target *url.URL
	srv    *http.Server
	tr     *http.Transport
	fwd    *httputil.ReverseProxy
	mu     sync.Mutex
	cache  map[string]cachedAnswer
	hits   atomic.Int64
}

type cachedAnswer struct {
	status int
	header http.Header
	body   []byte
	vary   bool // keyed by Cookie as well
}

func newCachingProxy(target string) (*cachingProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(target)
	p := &cachingProxy{url: "http://" + ln.Addr().String(), target: u, cache: map[string]cachedAnswer{},
		tr: &http.Transport{MaxIdleConnsPerHost: 64}}
	p.fwd = &httputil.ReverseProxy{Transport: p.tr, FlushInterval: -1, ErrorLog: log.New(io.Discard, "", 0), Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(u)
		r.Out.Host = r.In.Host // the gateway sees the public host
	}}
	p.srv = &http.Server{Handler: p}
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

func (p *cachingProxy) close() {
	_ = p.srv.Close()
	p.tr.CloseIdleConnections()
}

func (p *cachingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		// The request body is read whole first, as nginx and most CDNs
		// buffer it: streamed, the server's discard of an unread body when
		// the answer starts races the transport's final read of it, and
		// the transport then drops the upstream connection mid-answer.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "bad request body", http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.fwd.ServeHTTP(w, r)
		return
	}
	key := r.URL.RequestURI()
	p.mu.Lock()
	c, ok := p.cache[key]
	if ok && c.vary {
		c, ok = p.cache[key+"\x00"+r.Header.Get("Cookie")]
	}
	p.mu.Unlock()
	if ok {
		p.hits.Add(1)
		c.write(w)
		return
	}
	rec := &recordingWriter{header: http.Header{}, status: http.StatusOK}
	p.fwd.ServeHTTP(rec, r)
	c = cachedAnswer{status: rec.status, header: rec.header, body: rec.body.Bytes()}
	c.write(w)
	p.keep(key, r, c)
}

// keep stores a cacheable answer: 200, not no-store or private.
func (p *cachingProxy) keep(key string, r *http.Request, c cachedAnswer) {
	cc := strings.ToLower(c.header.Get("Cache-Control"))
	if c.status != http.StatusOK || strings.Contains(cc, "no-store") || strings.Contains(cc, "private") {
		return
	}
	for _, v := range c.header.Values("Vary") {
		c.vary = c.vary || strings.Contains(strings.ToLower(v), "cookie")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if c.vary {
		p.cache[key] = cachedAnswer{vary: true}
		key += "\x00" + r.Header.Get("Cookie")
	}
	p.cache[key] = c
}

func (c cachedAnswer) write(w http.ResponseWriter) {
	for k, v := range c.header {
		w.Header()[k] = v
	}
	w.WriteHeader(c.status)
	_, _ = w.Write(c.body)
}

// recordingWriter keeps a whole answer for the cache.
type recordingWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *recordingWriter) Header() http.Header         { return w.header }
func (w *recordingWriter) WriteHeader(status int)      { w.status = status }
func (w *recordingWriter) Write(b []byte) (int, error) { return w.body.Write(b) }
