package samlauth

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/qbiz/qbiz/internal/httpclient"
)

// Defaults for zero Config fields.
const (
	DefaultClockSkew = time.Minute
	// DefaultMaxAge bounds how old a Response or Assertion IssueInstant may be.
	DefaultMaxAge = 5 * time.Minute
	// DefaultRequestTTL bounds the time between Begin and Complete.
	DefaultRequestTTL = 10 * time.Minute
	// DefaultMaxResponseBytes caps the decoded SAMLResponse XML.
	DefaultMaxResponseBytes = 256 << 10
	maxMetadataBytes        = 1 << 20
	defaultHTTPTimeout      = 30 * time.Second
)

// Config configures a ServiceProvider. It is read at the composition root.
type Config struct {
	// EntityID is this SP's entity ID, e.g. "urn:qbiz:sp".
	EntityID string
	// ACSURL is where the IdP posts the response; the Response Destination
	// must equal it exactly.
	ACSURL string
	// IdPMetadata is the IdP's EntityDescriptor (see FetchMetadata). Its
	// signing certificates are the only trust anchors.
	IdPMetadata []byte
	// IdPSSOURL overrides the metadata's HTTP-Redirect SingleSignOnService.
	IdPSSOURL string
	// ClockSkew is the leeway for every time comparison (default 1 minute).
	ClockSkew time.Duration
	// MaxAge bounds the age of IssueInstant (default 5 minutes).
	MaxAge time.Duration
	// RequestTTL bounds the time between Begin and Complete (default 10 minutes).
	RequestTTL time.Duration
	// MaxResponseBytes caps the decoded response (default 256 KiB).
	MaxResponseBytes int
	Now              func() time.Time
	Logger           *slog.Logger
	// Replay remembers consumed IDs; nil uses a private in-memory cache,
	// which is right for the CLI but not for several gateway replicas.
	Replay ReplayCache
	// HTTPClient fetches the IdP's metadata; nil means one on the
	// system's roots (the composition root passes one built with its
	// CA bundle).
	HTTPClient *http.Client
}

func (c *Config) setDefaults() {
	if c.ClockSkew <= 0 {
		c.ClockSkew = DefaultClockSkew
	}
	if c.MaxAge <= 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.RequestTTL <= 0 {
		c.RequestTTL = DefaultRequestTTL
	}
	if c.MaxResponseBytes <= 0 {
		c.MaxResponseBytes = DefaultMaxResponseBytes
	}
	c.setDependencies()
}

func (c *Config) setDependencies() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Replay == nil {
		c.Replay = NewMemoryReplayCache()
	}
	if c.HTTPClient == nil {
		c.HTTPClient = httpclient.Options{}.IdP(defaultHTTPTimeout)
	}
}

func (c *Config) validate() error {
	switch {
	case c.EntityID == "":
		return errors.New("the SP entity ID is required")
	case len(c.IdPMetadata) == 0:
		return errors.New("IdP metadata is required")
	}
	if err := checkAbsoluteURL(c.ACSURL); err != nil {
		return fmt.Errorf("ACS URL: %w", err)
	}
	return nil
}

// checkAbsoluteURL accepts absolute http(s) URLs without user info or fragment.
func checkAbsoluteURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	if u.User != nil || u.Fragment != "" {
		return fmt.Errorf("%q must not carry user info or a fragment", s)
	}
	return nil
}
