package credserver

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Options tune a Server.
type Options struct {
	// Margin: credentials closer than this to expiry are fetched again.
	Margin time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives one debug record per refused or failed request
	// (never the token or a credential); nil discards.
	Logger *slog.Logger
}

// Server is the credential endpoint's HTTP handler.
type Server struct {
	token string
	creds *cache
	log   *slog.Logger
}

var errExpired = errors.New("the credentials have expired")

// New returns a server of src's credentials with a new random token.
func New(src Source, o Options) (*Server, error) {
	tok, err := newToken()
	if err != nil {
		return nil, err
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Server{token: tok, creds: &cache{src: src, now: o.Now, margin: o.Margin}, log: o.Logger}, nil
}

// Token is the value clients send as AWS_CONTAINER_AUTHORIZATION_TOKEN.
// It is a secret: it gives the user's credentials to whoever holds it.
func (s *Server) Token() string { return s.token }

// payload is the container-credentials document.
type payload struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	Token           string `json:"Token,omitempty"`
	Expiration      string `json:"Expiration,omitempty"`
}

// ServeHTTP answers GET with the credentials.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !fromLoopback(r.RemoteAddr) || !tokenMatches(r.Header.Get("Authorization"), s.token) {
		s.log.Debug("credential request refused", "remote", r.RemoteAddr, "path", r.URL.Path)
		writeError(w, http.StatusForbidden, "AccessDenied", "missing or wrong authorization token")
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "use GET")
		return
	}
	c, err := s.creds.get(r.Context())
	if err != nil {
		s.log.Debug("credential request failed", "error", err)
		writeError(w, http.StatusServiceUnavailable, "CredentialsUnavailable", err.Error())
		return
	}
	p := payload{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, Token: c.SessionToken}
	if c.CanExpire {
		p.Expiration = c.Expires.UTC().Format(time.RFC3339)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(p)
}

// writeError writes the {"code","message"} error the SDKs read.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
}

// fromLoopback reports whether a request's remote address is loopback.
func fromLoopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	return err == nil && loopbackIP(host)
}

// loopbackIP reports whether host is a loopback IP literal.
func loopbackIP(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
