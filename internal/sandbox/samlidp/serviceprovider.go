package samlidp

import (
	"net/url"
	"slices"
	"time"
)

// RolePair is one value of the AWS Role attribute, rendered
// "roleArn,providerArn".
type RolePair struct{ RoleARN, ProviderARN string }

func (p RolePair) String() string { return p.RoleARN + "," + p.ProviderARN }

// ServiceProvider is a relying party allowed to request assertions.
type ServiceProvider struct {
	EntityID string
	// ACSURLs are the allowed AssertionConsumerServiceURLs. Loopback http
	// URLs (127.0.0.1 or [::1]) match any port, as RFC 8252 does for OAuth.
	ACSURLs []string
	// Roles are the Role attribute values given to every user of this SP.
	Roles []RolePair
	// Audience and Recipient, when set, replace the IdP's Options.Audience
	// and Options.Recipient in this SP's assertions, as IdPs let an
	// administrator set them per application (Okta: "Audience URI",
	// "Recipient URL"; Entra ID: "Identifier", "Reply URL").
	Audience, Recipient string
	// SessionLifetime, when positive, ends this SP's sign-ins that long
	// after authentication: the AuthnStatement's SessionNotOnOrAfter, as
	// IdPs let an administrator bound an application's sessions.
	SessionLifetime time.Duration
}

// AddServiceProvider registers sp, replacing any SP with the same entity ID.
func (i *IdP) AddServiceProvider(sp ServiceProvider) {
	sp.ACSURLs = slices.Clone(sp.ACSURLs)
	sp.Roles = slices.Clone(sp.Roles)
	i.mu.Lock()
	defer i.mu.Unlock()
	i.sps[sp.EntityID] = sp
}

func (i *IdP) serviceProvider(entityID string) (ServiceProvider, bool) {
	i.mu.RLock()
	defer i.mu.RUnlock()
	sp, ok := i.sps[entityID]
	return sp, ok
}

// allowsACS reports whether requested is one of sp's ACS URLs.
func (sp ServiceProvider) allowsACS(requested string) bool {
	req, ok := parseACS(requested)
	if !ok {
		return false
	}
	for _, reg := range sp.ACSURLs {
		if reg == requested {
			return true
		}
		if r, ok := parseACS(reg); ok && loopbackMatch(r, req) {
			return true
		}
	}
	return false
}

// parseACS accepts only absolute http(s) URLs without user info or fragment.
func parseACS(s string) (*url.URL, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return nil, false
	}
	return u, u.Scheme == "http" || u.Scheme == "https"
}

// loopbackMatch lets a registered loopback http URL match any port.
func loopbackMatch(reg, req *url.URL) bool {
	if reg.Scheme != "http" || req.Scheme != "http" || !isLoopbackIP(reg.Hostname()) {
		return false
	}
	return reg.Hostname() == req.Hostname() && reg.EscapedPath() == req.EscapedPath() &&
		reg.RawQuery == req.RawQuery && validPort(req.Port())
}

func isLoopbackIP(host string) bool { return host == "127.0.0.1" || host == "::1" }

func validPort(p string) bool {
	if p == "" {
		return true
	}
	if len(p) > 5 {
		return false
	}
	n := 0
	for _, c := range p {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n > 0 && n <= 65535
}

// defaultACS is the URL used when a request names none: the first
// registered one.
func (sp ServiceProvider) defaultACS() (string, bool) {
	for _, s := range sp.ACSURLs {
		if _, ok := parseACS(s); ok {
			return s, true
		}
	}
	return "", false
}
