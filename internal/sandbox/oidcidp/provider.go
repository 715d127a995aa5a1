package oidcidp

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

// Default lifetimes used when an Options field is zero.
const (
	DefaultCodeTTL         = 60 * time.Second
	DefaultIDTokenTTL      = time.Hour
	DefaultAccessTokenTTL  = time.Hour
	DefaultRefreshTokenTTL = 24 * time.Hour
	DefaultDeviceCodeTTL   = 10 * time.Minute
	pendingTTL             = 10 * time.Minute
)

// Options configures a Provider.
type Options struct {
	// Issuer is the issuer URL without a trailing slash; every endpoint lives
	// under its path.
	Issuer    string
	Directory *directory.Directory
	Clients   []Client
	Now       func() time.Time
	Logger    *slog.Logger
	// Lifetimes; zero means the Default* value. RefreshTokenTTL is the
	// absolute lifetime of a refresh-token family, counted from sign-in.
	CodeTTL, IDTokenTTL, AccessTokenTTL, RefreshTokenTTL, DeviceCodeTTL time.Duration
	// SSOSessionTTL is how long a browser that ticked "Stay signed in"
	// is signed in without a password (within any max_age it is asked).
	SSOSessionTTL time.Duration
	// Keys, when set, are signing keys from ExportKeys to sign with instead
	// of fresh ones (a restarted provider keeps its JWKS).
	Keys []byte
}

// Provider is the OIDC provider. It is an http.Handler that must see full
// request paths (the issuer's path included).
type Provider struct {
	opts   Options
	path   string
	log    *slog.Logger
	now    func() time.Time
	keys   *keyRing
	st     *store
	sso    ssoStore
	cmu    sync.RWMutex
	client map[string]Client
	order  []string
	routes map[string]http.HandlerFunc // by path under the issuer's
}

// New validates opts and returns a Provider with a fresh signing key.
func New(opts Options) (*Provider, error) {
	path, err := issuerPath(opts.Issuer)
	if err != nil {
		return nil, fmt.Errorf("new oidc provider: %w", err)
	}
	if opts.Directory == nil {
		return nil, errors.New("new oidc provider: directory is nil")
	}
	applyDefaults(&opts)
	keys, err := keyRingFor(opts.Keys)
	if err != nil {
		return nil, fmt.Errorf("new oidc provider: %w", err)
	}
	p := &Provider{opts: opts, path: path, log: opts.Logger, now: opts.Now, keys: keys,
		st: newStore(), client: map[string]Client{}}
	p.routes = p.endpoints()
	for _, c := range opts.Clients {
		if err := p.Register(c); err != nil {
			return nil, fmt.Errorf("new oidc provider: %w", err)
		}
	}
	return p, nil
}

func issuerPath(issuer string) (string, error) {
	u, err := url.Parse(issuer)
	if err != nil {
		return "", fmt.Errorf("issuer: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("issuer %q must be an absolute http(s) URL", issuer)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.HasSuffix(issuer, "/") {
		return "", fmt.Errorf("issuer %q must have no query, fragment, userinfo or trailing slash", issuer)
	}
	return u.EscapedPath(), nil
}

func applyDefaults(o *Options) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.CodeTTL, DefaultCodeTTL)
	def(&o.IDTokenTTL, DefaultIDTokenTTL)
	def(&o.AccessTokenTTL, DefaultAccessTokenTTL)
	def(&o.RefreshTokenTTL, DefaultRefreshTokenTTL)
	def(&o.DeviceCodeTTL, DefaultDeviceCodeTTL)
	def(&o.SSOSessionTTL, DefaultSSOSessionTTL)
}

// Issuer returns the issuer URL.
func (p *Provider) Issuer() string { return p.opts.Issuer }

// Register adds or replaces a client after validating it.
func (p *Provider) Register(c Client) error {
	if err := c.validate(); err != nil {
		return fmt.Errorf("register client: %w", err)
	}
	c.RedirectURIs = slices.Clone(c.RedirectURIs)
	c.PostLogoutRedirectURIs = slices.Clone(c.PostLogoutRedirectURIs)
	p.cmu.Lock()
	defer p.cmu.Unlock()
	if _, ok := p.client[c.ID]; !ok {
		p.order = append(p.order, c.ID)
	}
	p.client[c.ID] = c
	return nil
}

// AddClient adds or replaces a client; an invalid client is logged and not added
// (use Register to get the error).
func (p *Provider) AddClient(c Client) {
	if err := p.Register(c); err != nil {
		p.log.Error("oidc add client", "err", err)
	}
}

// Clients returns the registered clients in registration order.
func (p *Provider) Clients() []Client {
	p.cmu.RLock()
	defer p.cmu.RUnlock()
	out := make([]Client, 0, len(p.order))
	for _, id := range p.order {
		c := p.client[id]
		c.RedirectURIs = slices.Clone(c.RedirectURIs)
		c.PostLogoutRedirectURIs = slices.Clone(c.PostLogoutRedirectURIs)
		out = append(out, c)
	}
	return out
}

func (p *Provider) lookupClient(id string) (Client, bool) {
	p.cmu.RLock()
	defer p.cmu.RUnlock()
	c, ok := p.client[id]
	return c, ok
}

func (p *Provider) anyClientHas(profile string) bool {
	return slices.ContainsFunc(p.Clients(), func(c Client) bool { return c.Profile == profile })
}

// RotateKeys makes a new signing key current; the previous one stays in the
// JWKS so outstanding tokens still verify.
func (p *Provider) RotateKeys() error {
	if err := p.keys.rotate(); err != nil {
		return err
	}
	p.log.Info("oidc signing key rotated", "kid", p.keys.signer().kid)
	return nil
}

func (p *Provider) endpoint(name string) string { return p.opts.Issuer + name }

// ServeHTTP routes requests under the issuer path. It never panics on input.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			p.log.Error("oidc handler panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
			writeOAuthError(w, errServer("internal error"))
		}
	}()
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), p.path)
	h, known := p.routes[rest]
	if !ok || !known {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}
