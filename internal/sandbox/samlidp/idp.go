package samlidp

import (
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

// SigningPolicy chooses which elements of a Response are signed.
type SigningPolicy int

const (
	// SignAssertion signs only the Assertion (the default, what AWS expects).
	SignAssertion SigningPolicy = iota
	// SignResponse signs only the enclosing Response.
	SignResponse
	// SignBoth signs the Assertion and then the Response.
	SignBoth
)

// DefaultAudience is the AWS sign-in endpoint that STS requires as the
// assertion's SubjectConfirmationData Recipient and accepts as its Audience.
const DefaultAudience = "https://signin.aws.amazon.com/saml"

// Options configure an IdP.
type Options struct {
	// BaseURL is where the IdP is mounted, e.g. http://127.0.0.1:PORT/idp/saml.
	BaseURL   string
	Directory *directory.Directory
	// Audience is the AudienceRestriction value (default DefaultAudience;
	// IdPs that imported AWS's SP metadata send urn:amazon:webservices).
	Audience string
	// Recipient is the SubjectConfirmationData Recipient (default
	// DefaultAudience). IdPs that use one URL for Recipient and Destination
	// put the ACS URL here.
	Recipient string
	Signing   SigningPolicy
	Now       func() time.Time
	Logger    *slog.Logger
	// AssertionTTL is the NotOnOrAfter window (default 5 minutes).
	AssertionTTL time.Duration
	// SessionDuration, when positive, adds the AWS SessionDuration attribute.
	SessionDuration time.Duration
	// Keys, when set, is a signing key and certificate from ExportKeys to
	// use instead of fresh ones (a restarted IdP keeps its metadata).
	Keys []byte
}

// IdP is the SAML identity provider. It is safe for concurrent use.
type IdP struct {
	opts     Options
	basePath string
	key      *rsa.PrivateKey
	cert     *x509.Certificate
	metadata []byte
	pending  *pendingStore

	routes map[string]http.HandlerFunc // by path under basePath

	mu  sync.RWMutex
	sps map[string]ServiceProvider
}

// New validates opts, generates a signing key and certificate and returns
// the IdP.
func New(opts Options) (*IdP, error) {
	opts, base, err := normalise(opts)
	if err != nil {
		return nil, fmt.Errorf("samlidp new: %w", err)
	}
	key, cert, err := signingKeyFor(opts.Keys, opts.Now())
	if err != nil {
		return nil, fmt.Errorf("samlidp new: %w", err)
	}
	i := &IdP{
		opts: opts, basePath: base.Path, key: key, cert: cert,
		pending: newPendingStore(opts.Now),
		sps:     map[string]ServiceProvider{},
	}
	i.routes = i.endpoints()
	if i.metadata, err = i.buildMetadata(); err != nil {
		return nil, fmt.Errorf("samlidp new: %w", err)
	}
	return i, nil
}

func normalise(opts Options) (Options, *url.URL, error) {
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	base, err := url.Parse(opts.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return opts, nil, fmt.Errorf("base URL %q must be an absolute http(s) URL", opts.BaseURL)
	}
	if base.RawQuery != "" || base.Fragment != "" || base.User != nil {
		return opts, nil, fmt.Errorf("base URL %q must not carry a query, fragment or user info", opts.BaseURL)
	}
	if opts.Directory == nil {
		return opts, nil, errors.New("a directory is required")
	}
	if opts.Signing < SignAssertion || opts.Signing > SignBoth {
		return opts, nil, fmt.Errorf("unknown signing policy %d", opts.Signing)
	}
	setDefaults(&opts)
	return opts, base, nil
}

func setDefaults(opts *Options) {
	if opts.Audience == "" {
		opts.Audience = DefaultAudience
	}
	if opts.Recipient == "" {
		opts.Recipient = DefaultAudience
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.AssertionTTL <= 0 {
		opts.AssertionTTL = 5 * time.Minute
	}
}

// EntityID is the IdP's entity ID (its metadata URL).
func (i *IdP) EntityID() string { return i.opts.BaseURL + "/metadata" }

// MetadataURL is where the metadata is served.
func (i *IdP) MetadataURL() string { return i.opts.BaseURL + "/metadata" }

// SSOURL is the SingleSignOnService location for both bindings.
func (i *IdP) SSOURL() string { return i.opts.BaseURL + "/sso" }

// Metadata returns a copy of the IdP's metadata document.
func (i *IdP) Metadata() []byte { return append([]byte(nil), i.metadata...) }

// Certificate returns the signing certificate.
func (i *IdP) Certificate() *x509.Certificate { return i.cert }

// ServeHTTP routes /metadata, /sso and /login under the base path.
func (i *IdP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, i.basePath)
	h, known := i.routes[rest]
	if !ok || !known {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}
