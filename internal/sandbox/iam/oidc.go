package iam

import (
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// OIDCProviderByURL returns the provider registered for exactly url (the
// token's iss, byte for byte, scheme included).
func (s *Store) OIDCProviderByURL(u string) (OIDCProvider, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range s.st.OIDC {
		if p.URL == u {
			return cloneOIDC(p), true
		}
	}
	return OIDCProvider{}, false
}

func cloneOIDC(p *OIDCProvider) OIDCProvider {
	c := *p
	c.ClientIDs = slices.Clone(p.ClientIDs)
	c.Thumbprints = slices.Clone(p.Thumbprints)
	c.Tags = slices.Clone(p.Tags)
	return c
}

// stripScheme is the provider URL as IAM shows it and uses in the ARN.
func stripScheme(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		return u[i+3:]
	}
	return u
}

// providerARNPath is the resource part of an OIDC provider ARN: the URL
// without its scheme. Loopback URLs carry a port, which real provider URLs
// never do; its colon (and IPv6 brackets) would not fit the ARN pattern other
// services enforce, so it becomes an underscore: 127.0.0.1_8484/idp/oidc.
func providerARNPath(u string) string {
	rest := stripScheme(u)
	if strings.HasPrefix(u, "https://") && !strings.Contains(strings.SplitN(rest, "/", 2)[0], ":") {
		return rest
	}
	return strings.NewReplacer(":", "_", "[", "", "]", "").Replace(rest)
}

var thumbprintRE = lazyre.New(`^[0-9a-fA-F]{40}$`)

// validOIDCURL applies IAM's URL rules plus the loopback relaxation.
func validOIDCURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.Contains(raw, "?") || strings.Contains(raw, "#") {
		return false
	}
	switch u.Scheme {
	case "https":
		// The sandbox's own issuer is https on a loopback port in TLS mode.
		return (u.Port() == "" || isLoopback(u.Hostname())) && !strings.HasSuffix(u.Host, ":")
	case "http":
		return isLoopback(u.Hostname()) && u.Port() != ""
	}
	return false
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.Equal(net.IPv4(127, 0, 0, 1)) || ip.Equal(net.IPv6loopback))
}

func validateOIDC(u string, clientIDs, thumbprints []string) *wire.Error {
	if len(u) > 255 {
		return wire.Constraint(u, "url", "Member must have length less than or equal to 255")
	}
	if !validOIDCURL(u) {
		return wire.ValidationError("Invalid Open ID Connect Provider URL")
	}
	if len(thumbprints) > 5 {
		return invalidInput("Thumbprint list must contain fewer than 5 entries.")
	}
	for _, t := range thumbprints {
		if !thumbprintRE().MatchString(t) {
			return wire.ValidationError("1 validation error detected: Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]")
		}
	}
	if len(clientIDs) > 100 {
		return wire.Errorf(409, "LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100")
	}
	for _, c := range clientIDs {
		if len(c) < 1 || len(c) > 255 {
			return wire.ValidationError("1 validation error detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]")
		}
	}
	return nil
}

// CreateOIDCProvider registers a provider.
func (s *Store) CreateOIDCProvider(u string, clientIDs, thumbprints []string, tags []Tag) (OIDCProvider, *wire.Error) {
	if werr := validateOIDC(u, clientIDs, thumbprints); werr != nil {
		return OIDCProvider{}, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	arn := s.arn("oidc-provider", providerARNPath(u))
	if _, ok := s.st.OIDC[arn]; ok {
		return OIDCProvider{}, alreadyExists("Provider with url %s already exists.", u)
	}
	p := &OIDCProvider{URL: u, ARN: arn, ClientIDs: dedupe(clientIDs), Thumbprints: slices.Clone(thumbprints),
		CreateDate: s.now().UTC().Truncate(time.Second), Tags: tags}
	s.st.OIDC[arn] = p
	return cloneOIDC(p), nil
}

func dedupe(in []string) []string {
	var out []string
	for _, v := range in {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func (s *Store) getOIDC(arn string) (OIDCProvider, *wire.Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.st.OIDC[arn]
	if !ok {
		return OIDCProvider{}, noSuchEntity("OpenIDConnect Provider not found for arn %s", arn)
	}
	return cloneOIDC(p), nil
}

func (s *Store) deleteOIDC(arn string) *wire.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.OIDC[arn]; !ok {
		return noSuchEntity("OpenId connect Provider %s cannot be found.", arn)
	}
	delete(s.st.OIDC, arn)
	return nil
}

func (s *Store) listOIDC() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.st.OIDC))
	for arn := range s.st.OIDC {
		out = append(out, arn)
	}
	sort.Strings(out)
	return out
}

func (s *Store) updateOIDC(arn string, fn func(p *OIDCProvider) *wire.Error) *wire.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.st.OIDC[arn]
	if !ok {
		return noSuchEntity("OpenIDConnect Provider not found for arn %s", arn)
	}
	return fn(p)
}

func (s *Store) addClientID(arn, clientID string) *wire.Error {
	if len(clientID) < 1 || len(clientID) > 255 {
		return wire.Constraint(clientID, "clientID", "Member must have length less than or equal to 255")
	}
	return s.updateOIDC(arn, func(p *OIDCProvider) *wire.Error {
		if slices.Contains(p.ClientIDs, clientID) {
			return nil
		}
		if len(p.ClientIDs) >= 100 {
			return wire.Errorf(409, "LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100")
		}
		p.ClientIDs = append(p.ClientIDs, clientID)
		return nil
	})
}

// removeClientID takes clientID off the provider's list; removing one it
// does not list is no error (the operation is idempotent).
func (s *Store) removeClientID(arn, clientID string) *wire.Error {
	if len(clientID) < 1 || len(clientID) > 255 {
		return wire.Constraint(clientID, "clientID", "Member must have length less than or equal to 255")
	}
	return s.updateOIDC(arn, func(p *OIDCProvider) *wire.Error {
		p.ClientIDs = slices.DeleteFunc(p.ClientIDs, func(id string) bool { return id == clientID })
		return nil
	})
}

func (s *Store) updateThumbprints(arn string, thumbprints []string) *wire.Error {
	if werr := validateOIDC("https://placeholder", nil, thumbprints); werr != nil {
		return werr
	}
	return s.updateOIDC(arn, func(p *OIDCProvider) *wire.Error {
		p.Thumbprints = slices.Clone(thumbprints)
		return nil
	})
}
