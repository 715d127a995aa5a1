package provision

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// TagKey marks what qbiz created; its value is the stack's prefix.
const TagKey = "qbiz:managed"

// maxPrefix keeps the longest derived name, PREFIX-secrets-manager-role,
// within IAM's 64 characters for a role name.
const maxPrefix = 40

var prefixRE = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]*$`)

// CheckPrefix accepts a prefix from which every derived name is valid for
// IAM, Secrets Manager and Q Business, whatever the issuer.
func CheckPrefix(p string) error {
	if !prefixRE.MatchString(p) || len(p) > maxPrefix {
		return fmt.Errorf("invalid --name %q: use 1 to %d letters, digits, '-' or '_', starting with a letter or digit", p, maxPrefix)
	}
	return nil
}

// CheckIssuer accepts an https issuer URL without query or fragment, or an
// http one on a loopback address (a local test IdP).
func CheckIssuer(raw string) error {
	u, err := url.Parse(raw)
	bad := err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(raw, "?#")
	if !bad && u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		bad = true
	}
	if bad {
		return fmt.Errorf("invalid --issuer %q: want the IdP's https issuer URL, as its /.well-known/openid-configuration names it (for example https://example.okta.com/oauth2/default)", raw)
	}
	return nil
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// issuerHost is the issuer without its scheme, as IAM keys the provider
// and its condition keys (HOST/PATH:aud). A trailing slash is kept: IAM
// does not normalise, so https://x/ and https://x are two providers, and
// STS finds the provider by the token's iss byte for byte.
func issuerHost(issuer string) string {
	_, rest, ok := strings.Cut(issuer, "://")
	if !ok {
		return issuer
	}
	return rest
}

// notOurs refuses a resource of the stack's name that lacks its tag.
func notOurs(kind, name, prefix string) error {
	return fmt.Errorf("%s %s exists but was not created by qbiz for %s (no %s=%s tag): choose another --name", kind, name, prefix, TagKey, prefix)
}
