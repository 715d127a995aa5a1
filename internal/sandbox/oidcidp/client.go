package oidcidp

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Client is a registered relying party.
type Client struct {
	ID     string
	Secret string // empty: a public client, which must use PKCE
	// RedirectURIs match exactly; a loopback http URI on 127.0.0.1 or [::1]
	// also matches with any port (RFC 8252 §7.3).
	RedirectURIs []string
	// PostLogoutRedirectURIs match post_logout_redirect_uri exactly; when
	// empty, RedirectURIs are used (exactly, without the loopback rule).
	PostLogoutRedirectURIs []string
	// Profile is "" for a correct provider, or one misbehaviour (see doc.go).
	Profile string
	// RefreshTokenTTL, when positive, is this client's refresh lifetime
	// (the IdP session of its sign-ins, counted from authentication),
	// instead of the provider's: an administrator's per-application
	// session setting.
	RefreshTokenTTL time.Duration
}

// Public reports whether the client has no secret.
func (c Client) Public() bool { return c.Secret == "" }

func (c Client) validate() error {
	if c.ID == "" {
		return errors.New("client id is empty")
	}
	if len(c.RedirectURIs) == 0 {
		return fmt.Errorf("client %s: no redirect URIs", c.ID)
	}
	for _, raw := range append(slices.Clone(c.RedirectURIs), c.PostLogoutRedirectURIs...) {
		if err := validateRedirectURI(raw); err != nil {
			return fmt.Errorf("client %s: %w", c.ID, err)
		}
	}
	if err := validateProfile(c.Profile); err != nil {
		return fmt.Errorf("client %s: %w", c.ID, err)
	}
	return nil
}

func validateRedirectURI(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("redirect URI %q: %w", raw, err)
	}
	if u.Scheme == "" || u.Host == "" && u.Path == "" && u.Opaque == "" {
		return fmt.Errorf("redirect URI %q is not absolute", raw)
	}
	if u.Fragment != "" || u.RawFragment != "" {
		return fmt.Errorf("redirect URI %q has a fragment", raw)
	}
	return nil
}

// secretMatches compares in constant time.
func (c Client) secretMatches(secret string) bool {
	return subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) == 1
}

// redirectAllowed reports whether got is one of the client's redirect URIs.
func (c Client) redirectAllowed(got string) bool {
	for _, reg := range c.RedirectURIs {
		if reg == got || loopbackMatch(reg, got) {
			return true
		}
	}
	return false
}

// postLogoutAllowed reports whether got is an allowed post-logout redirect.
func (c Client) postLogoutAllowed(got string) bool {
	allowed := c.PostLogoutRedirectURIs
	if len(allowed) == 0 {
		allowed = c.RedirectURIs
	}
	return slices.Contains(allowed, got)
}

// loopbackMatch implements RFC 8252 §7.3: for http redirects on a loopback
// IP literal, any port matches; everything else must be identical.
func loopbackMatch(reg, got string) bool {
	r, err := url.Parse(reg)
	if err != nil || r.Scheme != "http" || !isLoopbackIP(r.Hostname()) || r.String() != reg {
		return false
	}
	g, err := url.Parse(got)
	if err != nil || g.User != nil || g.Hostname() != r.Hostname() || !validPort(g) {
		return false
	}
	candidate := *r
	candidate.Host = g.Host
	return candidate.String() == got
}

func isLoopbackIP(host string) bool { return host == "127.0.0.1" || host == "::1" }

func validPort(u *url.URL) bool {
	p := u.Port()
	if p == "" {
		return u.Host == u.Hostname() || u.Host == "["+u.Hostname()+"]"
	}
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 65536 && strconv.Itoa(n) == p
}
