package ssooidc

import (
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
)

// Admin is what the service reads from the Identity Center configuration
// (implemented by *ssoadmin.Store).
type Admin interface {
	Instance() ssoadmin.Instance
	Application(arn string) (ssoadmin.Application, bool)
	TrustedTokenIssuer(arn string) (ssoadmin.TrustedTokenIssuer, bool)
	Grant(appARN, grantType string) (ssoadmin.Grant, bool)
	Scopes(appARN string) []string
	ActorPolicy(appARN string) ([]byte, bool)
}

// Authorizer decides whether an IAM principal may perform an action on a
// resource (the sandbox's IAM policy evaluation).
type Authorizer interface {
	Authorize(p awsauth.Principal, action, resource string, cond map[string][]string) bool
}

// Options configures the service.
type Options struct {
	Authority *awsauth.Authority
	Admin     Admin
	Directory *directory.Directory
	// HTTPClient fetches trusted token issuers' discovery documents and JWKS.
	HTTPClient *http.Client
	// Authorizer admits non-admin callers; nil means only IAM users.
	Authorizer Authorizer
	Region     string
	Now        func() time.Time
	Logger     *slog.Logger
	// Keys, when set, is the id-token signing key from ExportKeys to use
	// instead of a fresh one.
	Keys []byte
}

// Token lifetimes.
const (
	AccessTokenLifetime  = time.Hour
	RefreshTokenLifetime = 7 * 24 * time.Hour
)

// Service is the emulated sso-oidc endpoint.
type Service struct {
	opts     Options
	key      *idcKey
	refresh  *refreshStore
	replayMu sync.Mutex
	// seen holds exchanged assertions (by hash) until they expire.
	seen map[string]time.Time
	ops  map[string]http.HandlerFunc
}

// New returns the service.
func New(opts Options) (*Service, error) {
	if opts.Authority == nil || opts.Admin == nil || opts.Directory == nil {
		return nil, errors.New("ssooidc: Authority, Admin and Directory are required")
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	key, err := idcKeyFor(opts.Keys)
	if err != nil {
		return nil, err
	}
	s := &Service{opts: opts, key: key, refresh: newRefreshStore(), seen: map[string]time.Time{}}
	s.ops = s.operations()
	return s, nil
}

// JWKS returns the key set that verifies the id tokens this service issues.
func (s *Service) JWKS() []byte { return append([]byte(nil), s.key.jwks...) }

// JWKSHandler serves JWKS as application/json (mounted by the router,
// e.g. at /sandbox/idc/jwks).
func (s *Service) JWKSHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		_, _ = w.Write(s.key.jwks)
	})
}

// Issuer is the id tokens' iss: https://identitycenter.amazonaws.com/ssoins-….
func (s *Service) Issuer() string {
	return "https://identitycenter.amazonaws.com/" + s.opts.Admin.Instance().ID()
}

// Anonymous reports requests the gate must let through unsigned: the
// optional-auth sso-oidc operations (CreateToken, RegisterClient,
// StartDeviceAuthorization), which this emulator answers with a clear
// error. CreateTokenWithIAM is always signed.
func Anonymous(r *http.Request, _ []byte) bool {
	if r.Method != http.MethodPost {
		return false
	}
	switch r.URL.Path {
	case "/token":
		return !r.URL.Query().Has("aws_iam")
	case "/client/register", "/device_authorization":
		return true
	}
	return false
}

// ServeHTTP routes sso-oidc requests.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, r, errInvalidRequest("Unsupported method %s", r.Method))
		return
	}
	name := operationName(r)
	op, ok := s.ops[name]
	if !ok {
		writeError(w, r, errInvalidRequest("Unknown operation %s %s", r.Method, r.URL.Path))
		return
	}
	ledger.SetOperation(r.Context(), name)
	op(w, r)
}

func (s *Service) now() time.Time { return s.opts.Now().UTC() }
