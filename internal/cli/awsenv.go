package cli

import (
	"slices"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// envVar is one NAME=value pair.
type envVar struct{ name, value string }

// credentialVars make any AWS SDK or the AWS CLI use exactly the
// profile's credentials, region and endpoint: the region under both
// names (the AWS CLI v1 and boto read only AWS_DEFAULT_REGION), and the
// profile's endpoint_url, or, when it names none, the SDK's own endpoints
// rather than one configured in another profile of the config file.
func credentialVars(p config.Profile, c tokencache.Credentials) []envVar {
	vs := []envVar{
		{"AWS_ACCESS_KEY_ID", c.AccessKeyID},
		{"AWS_SECRET_ACCESS_KEY", c.SecretAccessKey.Reveal()},
		{"AWS_SESSION_TOKEN", c.SessionToken.Reveal()},
		{"AWS_CREDENTIAL_EXPIRATION", c.Expiration.UTC().Format(time.RFC3339)},
	}
	return append(vs, regionVars(p)...)
}

// regionVars are the profile's region and endpoint (see credentialVars).
func regionVars(p config.Profile) []envVar {
	vs := []envVar{{"AWS_REGION", p.Region}, {"AWS_DEFAULT_REGION", p.Region}}
	if p.EndpointURL != "" {
		return append(vs, envVar{"AWS_ENDPOINT_URL", p.EndpointURL})
	}
	return append(vs, envVar{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"})
}

// overridingVars would, left in place, make an SDK take other credentials
// (another profile, a container or web identity provider, legacy key
// names) or send the credentials to another endpoint. They are removed
// from qbiz exec's child and unset by qbiz env. AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE stay: they say where files are, and the
// variables set take precedence over any profile in them.
var overridingVars = []string{
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
	"AWS_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SECURITY_TOKEN",
	"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
	"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
}

// serviceEndpointPrefix starts the per-service endpoint variables
// (AWS_ENDPOINT_URL_STS…), which win over AWS_ENDPOINT_URL.
const serviceEndpointPrefix = "AWS_ENDPOINT_URL_"

func overriding(name string) bool {
	name = strings.ToUpper(name)
	return slices.Contains(overridingVars, name) || strings.HasPrefix(name, serviceEndpointPrefix)
}

// childEnv is parent without the overriding variables and the keyring
// passphrase, plus set; metadata-service credentials are disabled too.
func childEnv(parent []string, set []envVar) []string {
	out := make([]string, 0, len(parent)+len(set)+1)
	for _, kv := range parent {
		name, _, _ := strings.Cut(kv, "=")
		if !overriding(name) && !strings.EqualFold(name, "QBIZ_KEYRING_PASSWORD") && !strings.EqualFold(name, "AWS_EC2_METADATA_DISABLED") {
			out = append(out, kv)
		}
	}
	for _, v := range set {
		out = append(out, v.name+"="+v.value)
	}
	return append(out, "AWS_EC2_METADATA_DISABLED=true")
}

// unsetNames are the overriding variables a shell must clear: the fixed
// ones that set does not assign, and the per-service endpoints present
// in environ.
func unsetNames(set []envVar, environ []string) []string {
	var out []string
	for _, name := range overridingVars {
		if !slices.ContainsFunc(set, func(v envVar) bool { return v.name == name }) {
			out = append(out, name)
		}
	}
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, serviceEndpointPrefix) && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}
