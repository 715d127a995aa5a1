package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

// Gateway is the configuration of qbiz serve, the web gateway.
type Gateway struct {
	Addr              string        // default 127.0.0.1:8000
	PublicURL         string        // the origin browsers use (https://chat.example.com); default http://Addr
	Redis             string        // redis:// URL; empty = memory store
	SessionKeyFile    string        // 32 random bytes (raw or base64) shared by replicas; empty = random per process
	IdleTimeout       time.Duration // default 30m
	AbsoluteTimeout   time.Duration // default 12h
	TrustedProxies    []netip.Prefix
	AllowIDPInitiated bool   // SAML, off by default
	AWSProfile        string // IDC application credentials; empty = the SDK's default chain
	IdPs              []GatewayIdP
}

// GatewayIdP is one identity provider people sign in with at the gateway.
type GatewayIdP struct {
	Name, Label string
	// Profile holds the same settings a CLI profile has: mode, issuer,
	// client id, role and provider ARNs, SAML and Identity Center
	// settings, application id, region, endpoint_url.
	Profile Profile
	// ClientSecret comes from client_secret_env or client_secret_file,
	// never from the YAML file itself.
	ClientSecret logging.Secret
	// MaxAge is sent as max_age in each OIDC (and Identity Center)
	// authorization request: the IdP re-authenticates a person whose
	// sign-in is older, and the ID token's auth_time must be no older;
	// the gateway session ends at auth_time+MaxAge at the latest. Zero:
	// no max_age is sent and no such bound applies.
	MaxAge time.Duration
}

// Gateway defaults.
const (
	DefaultGatewayAddr     = "127.0.0.1:8000"
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
)

// WithDefaults fills the settings the configuration left out.
func (g Gateway) WithDefaults() Gateway {
	if g.Addr == "" {
		g.Addr = DefaultGatewayAddr
	}
	if g.PublicURL == "" {
		g.PublicURL = "http://" + g.Addr
	}
	if g.IdleTimeout == 0 {
		g.IdleTimeout = DefaultIdleTimeout
	}
	if g.AbsoluteTimeout == 0 {
		g.AbsoluteTimeout = DefaultAbsoluteTimeout
	}
	for i := range g.IdPs {
		p := &g.IdPs[i].Profile
		if len(p.Scopes) == 0 {
			p.Scopes = append([]string(nil), DefaultScopes...)
		}
		if p.DurationSeconds == 0 {
			p.DurationSeconds = DefaultDurationSeconds
		}
	}
	return g
}

// WithAddr returns g listening at addr. A public URL that is the default
// one (http://Addr) follows the address; one configured otherwise stays.
// The command line uses it for --addr, and again with the address
// actually bound (port 0).
func (g Gateway) WithAddr(addr string) Gateway {
	if g.PublicURL == "" || g.PublicURL == "http://"+g.Addr {
		g.PublicURL = "http://" + addr
	}
	g.Addr = addr
	return g
}

// Validate reports every problem of the configuration, each naming its
// setting as the YAML file spells it.
func (g Gateway) Validate() error {
	errs := []error{
		checkAddr(g.Addr),
		prefixed("public_url", checkPublicURL(g.PublicURL)),
		optional("redis", g.Redis, checkRedisURL),
		checkTimeouts(g.IdleTimeout, g.AbsoluteTimeout),
		checkProxies(g.TrustedProxies),
	}
	if g.AWSProfile != "" {
		errs = append(errs, prefixed("aws_profile", ValidateName(g.AWSProfile)))
	}
	errs = append(errs, checkIdPs(g.IdPs))
	return errors.Join(errs...)
}

// ErrNoIdP means the gateway has no identity provider to sign people in
// with.
var ErrNoIdP = errors.New("no identity provider configured: list them under identity_providers in --config FILE, " +
	"set the environment variables of one (QBIZ_MODE, OIDC_CLIENT_ID, …), or try --sandbox")

func checkIdPs(idps []GatewayIdP) error {
	if len(idps) == 0 {
		return ErrNoIdP
	}
	var errs []error
	seen := map[string]bool{}
	for i, p := range idps {
		key := fmt.Sprintf("identity_providers[%d]", i)
		if seen[p.Name] {
			errs = append(errs, fmt.Errorf("%s: name %q is used twice: give each identity provider its own name", key, p.Name))
		}
		seen[p.Name] = true
		if err := p.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", key, err))
		}
	}
	return errors.Join(errs...)
}

// Validate reports the identity provider's problems, naming the YAML keys.
func (p GatewayIdP) Validate() error {
	if err := ValidateName(p.Name); err != nil {
		return fmt.Errorf("name: %q: use letters, digits and . _ @ + - (at most 64)", p.Name)
	}
	prof := p.Profile
	prof.Name = p.Name
	errs := []error{prof.validateValues(), prof.validateCommon(), optional(KeyRedirectURI, prof.RedirectURI, checkURL)}
	switch prof.Mode {
	case identity.ModeOIDC:
		errs = append(errs, prof.validateOIDC())
	case identity.ModeSAML:
		errs = append(errs, prof.validateSAML())
	case identity.ModeIDC:
		errs = append(errs, prof.validateIDCApplication())
	}
	if prof.ApplicationID == "" {
		errs = append(errs, required(KeyApplicationID))
	}
	if prof.Mode != identity.ModeSAML && p.ClientSecret.IsZero() {
		errs = append(errs, errors.New("client secret is required (the gateway is a confidential client): "+
			"set client_secret_env or client_secret_file"))
	}
	if strings.ContainsFunc(p.Label, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		errs = append(errs, errors.New("label: control characters are not allowed"))
	}
	if p.MaxAge < 0 || (p.MaxAge > 0 && prof.Mode == identity.ModeSAML) {
		errs = append(errs, fmt.Errorf("max_age: %v, want a positive duration such as 8h, for an OIDC or Identity Center sign-in (SAML sessions end at SessionNotOnOrAfter)", p.MaxAge))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%q: %w", p.Name, yamlKeys{err})
	}
	return nil
}

// yamlKeys renders a profile's errors with the YAML file's key names
// (issuer, not qbiz_issuer).
type yamlKeys struct{ err error }

func (e yamlKeys) Error() string {
	lines := strings.Split(e.err.Error(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, qbizPrefix)
	}
	return strings.Join(lines, "\n")
}

func (e yamlKeys) Unwrap() error { return e.err }

func checkAddr(addr string) error {
	if _, _, err := net.SplitHostPort(addr); err != nil || addr == "" {
		return fmt.Errorf("addr: %q: want HOST:PORT, such as 127.0.0.1:8000", addr)
	}
	return nil
}

// checkPublicURL accepts an origin (scheme://host[:port], nothing after):
// https, or http for a loopback host, where cookies are still kept to the
// machine.
func checkPublicURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
		return fmt.Errorf("%q: want an origin such as https://chat.example.com", v)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return fmt.Errorf("%q: want an origin without path, query or fragment, such as %s://%s", v, u.Scheme, u.Host)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	case u.Scheme == "http":
		return fmt.Errorf("%q: http only for a loopback host; serve https (a TLS proxy in front) and say https://%s", v, u.Host)
	}
	return fmt.Errorf("%q: want https://HOST", v)
}

func checkRedisURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix") {
		return errors.New("not a Redis URL: want redis://[USER:PASSWORD@]HOST:PORT[/DB] (or rediss://, unix://)")
	}
	return nil
}

func checkTimeouts(idle, absolute time.Duration) error {
	var errs []error
	if idle <= 0 {
		errs = append(errs, fmt.Errorf("idle_timeout: %v, want a positive duration such as 30m", idle))
	}
	if absolute <= 0 {
		errs = append(errs, fmt.Errorf("absolute_timeout: %v, want a positive duration such as 12h", absolute))
	}
	if idle > 0 && absolute > 0 && idle > absolute {
		errs = append(errs, fmt.Errorf("idle_timeout: %v is longer than absolute_timeout %v", idle, absolute))
	}
	return errors.Join(errs...)
}

func checkProxies(ps []netip.Prefix) error {
	for i, p := range ps {
		if !p.IsValid() {
			return fmt.Errorf("trusted_proxies[%d]: not a CIDR prefix such as 10.0.0.0/8", i)
		}
	}
	return nil
}
