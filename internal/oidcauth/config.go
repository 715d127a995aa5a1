package oidcauth

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/qbiz/qbiz/internal/httpclient"
	"github.com/qbiz/qbiz/internal/logging"
)

// Defaults for zero Config fields.
const (
	DefaultMaxAge             = 10 * time.Minute
	DefaultClockSkew          = time.Minute
	DefaultTransactionTTL     = 10 * time.Minute
	DefaultKeyRefreshInterval = 30 * time.Second
	DefaultMaxResponseBytes   = 1 << 20
	defaultHTTPTimeout        = 30 * time.Second
)

// Config configures a RelyingParty. It is read at the composition root.
type Config struct {
	Issuer   string
	ClientID string
	// ClientSecret is empty for a public client (PKCE only); otherwise it is
	// sent only in the HTTP Basic header of back-channel requests.
	ClientSecret logging.Secret
	// TrustedAudiences are the audiences besides ClientID an ID token may
	// name (OIDC Core §3.1.3.7 step 3), for example an API of the same
	// organisation. Empty: a token naming any other audience is refused.
	TrustedAudiences []string
	// Scopes requested in addition to "openid" (which is always sent).
	Scopes []string
	// RedirectURL is the default redirect for servers; Begin may override it.
	RedirectURL string
	// HTTPClient carries every request to the IdP; nil means one on the
	// system's roots (the composition root passes one built with its
	// CA bundle).
	HTTPClient *http.Client
	Now        func() time.Time
	Logger     *slog.Logger
	// MaxAge bounds how old an ID token's iat may be when it is received.
	MaxAge time.Duration
	// AuthMaxAge, when positive, is sent as max_age in every
	// authorization request; the ID token of the sign-in must then carry
	// an auth_time no older than it (OIDC Core §3.1.2.1, §3.1.3.7).
	AuthMaxAge time.Duration
	// ClockSkew is the leeway for exp, iat, nbf and auth_time.
	ClockSkew time.Duration
	// TransactionTTL bounds the time between Begin and Complete.
	TransactionTTL time.Duration
	// KeyRefreshInterval: at most one JWKS re-fetch per interval.
	KeyRefreshInterval time.Duration
	// MaxResponseBytes caps every response body read from the IdP.
	MaxResponseBytes int64
	// AllowInsecureHTTP permits http endpoints on non-loopback hosts (the
	// sandbox on a LAN address). Loopback hosts are always allowed over http.
	AllowInsecureHTTP bool
	// Sleep waits between device-flow polls; it returns early with ctx.Err().
	Sleep func(ctx context.Context, d time.Duration) error
}

func (c *Config) validate() error {
	switch {
	case c.Issuer == "":
		return errors.New("issuer is empty")
	case c.ClientID == "":
		return errors.New("client id is empty")
	}
	return nil
}

func (c Config) withDefaults() Config {
	c.Scopes = scopesWithOpenID(c.Scopes)
	if c.HTTPClient == nil {
		c.HTTPClient = httpclient.Options{}.IdP(defaultHTTPTimeout)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Sleep == nil {
		c.Sleep = sleepContext
	}
	positive(&c.MaxAge, DefaultMaxAge)
	positive(&c.ClockSkew, DefaultClockSkew)
	positive(&c.TransactionTTL, DefaultTransactionTTL)
	positive(&c.KeyRefreshInterval, DefaultKeyRefreshInterval)
	if c.MaxResponseBytes <= 0 {
		c.MaxResponseBytes = DefaultMaxResponseBytes
	}
	return c
}

func positive(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}

func scopesWithOpenID(scopes []string) []string {
	out := []string{"openid"}
	for _, s := range scopes {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
