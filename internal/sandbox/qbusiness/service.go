package qbusiness

import (
	"crypto/rand"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

// Authorizer decides whether principal may perform action on resource.
type Authorizer interface {
	Authorize(p awsauth.Principal, action, resource string, cond map[string][]string) bool
}

// Options configure a Service.
type Options struct {
	Account string
	Region  string
	// Authorizer evaluates the caller's IAM permissions; nil allows every
	// signed caller.
	Authorizer Authorizer
	// Directory maps Identity Center user ids to emails.
	Directory *directory.Directory
	Now       func() time.Time
	Logger    *slog.Logger
	// ChunkDelay, when set, is the pause before each event of a streamed
	// answer after the first.
	ChunkDelay func() time.Duration
}

// Service is the Q Business emulator; it is an http.Handler served behind
// the sandbox gate, which verifies SigV4 before ServeHTTP runs.
type Service struct {
	opts  Options
	mux   *http.ServeMux
	pager pager

	mu   sync.Mutex
	seq  int64
	apps map[string]*application
}

// New returns an empty Q Business service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	s := &Service{opts: o, pager: pager{key: key}, apps: map[string]*application{}, mux: http.NewServeMux()}
	s.routes()
	return s
}

// ServeHTTP dispatches one Q Business request.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Streaming reports requests whose body is an event stream: Chat, which
// shares ChatSync's path without the `sync` query key.
func Streaming(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	if _, sync := r.URL.Query()["sync"]; sync {
		return false
	}
	return isConversationsPath(r.URL.Path)
}

// isConversationsPath matches /applications/{id}/conversations.
func isConversationsPath(p string) bool {
	const prefix, suffix = "/applications/", "/conversations"
	if len(p) <= len(prefix)+len(suffix) || p[:len(prefix)] != prefix || p[len(p)-len(suffix):] != suffix {
		return false
	}
	mid := p[len(prefix) : len(p)-len(suffix)]
	for i := 0; i < len(mid); i++ {
		if mid[i] == '/' {
			return false
		}
	}
	return true
}

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

func (s *Service) nextSeq() int64 {
	s.seq++
	return s.seq
}

func (s *Service) appARN(id string) string {
	return "arn:aws:qbusiness:" + s.opts.Region + ":" + s.opts.Account + ":application/" + id
}

// newID returns a fresh UUIDv4 resource id.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hx = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hx[c>>4], hx[c&15])
	}
	return string(out)
}
