package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/loopback"
)

// KeyringBackends are the accepted qbiz_keyring_backend values; "" means
// the OS keyring, chosen automatically.
var KeyringBackends = []string{"", "file", "secret-service", "keychain", "wincred", "keyctl", "pass", "kwallet"}

// Validate reports every problem of the profile, each naming its key.
func (p Profile) Validate() error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(ValidateName(p.Name))
	add(p.validateValues())
	add(p.validateCommon())
	add(optional(KeyRedirectURI, p.RedirectURI, checkLoopbackRedirect))
	switch p.Mode {
	case identity.ModeOIDC:
		add(p.validateOIDC())
	case identity.ModeSAML:
		add(p.validateSAML())
	case identity.ModeIDC:
		add(p.validateIDC())
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("profile %q: %w", p.Name, errors.Join(errs...))
}

// ValidateName checks a profile name: it appears unquoted in a section
// header and in credential_process, so it is restricted to a safe set.
func ValidateName(name string) error {
	if !validName(name) {
		return fmt.Errorf("invalid profile name %q: use letters, digits and . _ @ + - (at most 64)", name)
	}
	return nil
}

// validateValues rejects values that would change the file's structure
// when written (newlines, control characters) or be cut short when read
// back (inline comment markers).
func (p Profile) validateValues() error {
	var errs []error
	for _, f := range fields {
		if err := checkValue(f.key, f.get(&p)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func checkValue(key, v string) error {
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%s: control characters are not allowed", key)
		}
	}
	if strings.Contains(v, " #") || strings.Contains(v, " ;") {
		return fmt.Errorf("%s: %q would be read back as a comment", key, v)
	}
	if strings.TrimSpace(v) != v {
		return fmt.Errorf("%s: leading or trailing space", key)
	}
	return nil
}

func (p Profile) validateCommon() error {
	var errs []error
	if !p.Mode.Valid() {
		errs = append(errs, fmt.Errorf("%s: %q, want oidc, saml or idc", KeyMode, p.Mode))
	}
	if p.Region == "" {
		errs = append(errs, required(KeyRegion))
	}
	errs = append(errs, optional(KeyEndpointURL, p.EndpointURL, checkURL))
	if p.ApplicationID != "" && !validAppID(p.ApplicationID) {
		errs = append(errs, fmt.Errorf("%s: %q is not a Q Business application id", KeyApplicationID, p.ApplicationID))
	}
	if p.DurationSeconds != 0 && (p.DurationSeconds < 900 || p.DurationSeconds > 43200) {
		errs = append(errs, fmt.Errorf("%s: %d, want 900 to 43200", KeyDurationSeconds, p.DurationSeconds))
	}
	if !contains(KeyringBackends, p.KeyringBackend) {
		errs = append(errs, fmt.Errorf("%s: %q, want one of %s", KeyKeyringBackend, p.KeyringBackend, strings.Join(KeyringBackends[1:], ", ")))
	}
	return errors.Join(errs...)
}

func (p Profile) validateOIDC() error {
	return errors.Join(
		requiredURL(KeyIssuer, p.Issuer),
		checkClientID(p.ClientID),
		requiredARN(KeyRoleARN, p.RoleARN, "iam", "role/"),
	)
}

func (p Profile) validateSAML() error {
	return errors.Join(
		requiredURL(KeySAMLSSOURL, p.SAMLSSOURL),
		requiredURL(KeySAMLIdPMetadataURL, p.SAMLIdPMetadataURL),
		requiredARN(KeyRoleARN, p.RoleARN, "iam", "role/"),
		requiredARN(KeyProviderARN, p.ProviderARN, "iam", "saml-provider/"),
	)
}

func (p Profile) validateIDC() error {
	errs := []error{p.validateIDCApplication()}
	switch {
	case p.IDCSourceProfile == "":
		errs = append(errs, required(KeyIDCSourceProfile))
	case p.IDCSourceProfile == p.Name:
		errs = append(errs, fmt.Errorf("%s: must name another profile (its credentials sign CreateTokenWithIAM)", KeyIDCSourceProfile))
	default:
		errs = append(errs, prefixed(KeyIDCSourceProfile, ValidateName(p.IDCSourceProfile)))
	}
	return errors.Join(errs...)
}

// validateIDCApplication checks the Identity Center settings other than
// whose credentials sign CreateTokenWithIAM (the gateway signs with its
// own).
func (p Profile) validateIDCApplication() error {
	return errors.Join(
		requiredURL(KeyIssuer, p.Issuer),
		checkClientID(p.ClientID),
		requiredARN(KeyIDCApplicationARN, p.IDCApplicationARN, "sso", "application/"),
		requiredARN(KeyIDCRoleARN, p.IDCRoleARN, "iam", "role/"),
	)
}

func required(key string) error { return fmt.Errorf("%s is required", key) }

func prefixed(key string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", key, err)
}

func optional(key, v string, check func(string) error) error {
	if v == "" {
		return nil
	}
	return prefixed(key, check(v))
}

func requiredURL(key, v string) error {
	if v == "" {
		return required(key)
	}
	return prefixed(key, checkURL(v))
}

func checkClientID(v string) error {
	if v == "" {
		return required(KeyClientID)
	}
	if !validClientID(v) {
		return fmt.Errorf("%s: must be printable ASCII without spaces", KeyClientID)
	}
	return nil
}

// checkURL accepts https URLs, and http only to a loopback host (local
// IdPs, the sandbox, RFC 8252 redirects): tokens and signed requests must
// not cross a network in clear text.
func checkURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.User != nil {
		return fmt.Errorf("%q is not an absolute URL without credentials", v)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return fmt.Errorf("%q: want https (http only for loopback hosts)", v)
}

// checkLoopbackRedirect accepts what qbiz login can listen at exactly: a
// loopback http URI with an explicit port and a path (RFC 8252 §7.3).
func checkLoopbackRedirect(v string) error {
	if _, err := loopback.ParseAddress(v); err != nil {
		return fmt.Errorf("%w; qbiz login listens exactly at this URI, the one registered at the identity provider", err)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// requiredARN checks arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE with
// the given service and resource prefix.
func requiredARN(key, v, service, resource string) error {
	if v == "" {
		return required(key)
	}
	parts := strings.SplitN(v, ":", 6)
	ok := len(parts) == 6 && parts[0] == "arn" && strings.HasPrefix(parts[1], "aws") &&
		parts[2] == service && isAccount(parts[4]) && strings.HasPrefix(parts[5], resource) &&
		len(parts[5]) > len(resource)
	if !ok {
		return fmt.Errorf("%s: %q is not an arn:aws:%s::ACCOUNT:%s… ARN", key, v, service, resource)
	}
	return nil
}

func isAccount(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
