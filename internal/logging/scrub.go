package logging

import (
	"regexp"
	"strings"
	"sync"
)

// secretKeyParts are substrings of a normalised attribute key (lower case,
// no '-', '_', '.' or spaces) that mark its value as secret.
var secretKeyParts = []string{
	"token", "secret", "password", "passwd", "passphrase", "authorization",
	"assertion", "samlresponse", "refresh", "cookie", "verifier", "credential",
	"privatekey", "apikey", "signature", "sessionid", "authcode",
	"devicecode", "usercode",
}

// secretKeys are normalised keys that are secret only as a whole word.
var secretKeys = map[string]bool{"code": true, "pwd": true, "sid": true}

// SecretKey reports whether an attribute or field named key holds a
// secret by its name alone.
func SecretKey(key string) bool {
	k := normaliseKey(key)
	if secretKeys[k] {
		return true
	}
	for _, p := range secretKeyParts {
		if strings.Contains(k, p) {
			return true
		}
	}
	return false
}

func normaliseKey(key string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', '.', ' ':
			return -1
		}
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, key)
}

type scrubRule struct {
	re   *regexp.Regexp
	repl string
}

// scrubRules cut credentials out of free text, whatever the key. They are
// compiled on first use: most runs (a warm `qbiz credentials`) never log.
var scrubRules = sync.OnceValue(func() []scrubRule {
	return []scrubRule{
		// JWS/JWE compact serialisations: ID, access and refresh tokens.
		{regexp.MustCompile(`eyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){1,4}`), Redacted},
		// Authorization header schemes.
		{regexp.MustCompile(`(?i)\b(bearer|basic|aws4-hmac-sha256)\s+[^\s"',]+`), "$1 " + Redacted},
		// Secret-named query, form and key=value parameters.
		{regexp.MustCompile(`(?i)\b((?:[a-z_-]*token|client_secret|code|code_verifier|samlresponse|password|secret[a-z_]*|x-amz-security-token|x-amz-signature|x-amz-credential)=)[^&\s"',;]+`), "${1}" + Redacted},
		// Long opaque blobs: STS session tokens, base64 SAML responses,
		// encrypted payloads.
		{regexp.MustCompile(`[A-Za-z0-9+/_=-]{100,}`), Redacted},
		// AWS secret access keys: 40 base64 characters mixing cases.
		{regexp.MustCompile(`(^|[^A-Za-z0-9+/])([A-Za-z0-9+/]{40})($|[^A-Za-z0-9+/=])`), ""},
	}
})

// Scrub returns s with every credential-looking substring replaced by
// REDACTED.
func Scrub(s string) string {
	if cannotMatch(s) {
		return s
	}
	return scrubAll(s)
}

// cannotMatch reports whether no scrub rule can match s: each needs
// "eyJ", white space, '=' or a run of at least 40 characters. Most log
// values (methods, routes, ids, addresses) are such, and skip the
// expressions.
func cannotMatch(s string) bool {
	return len(s) < 40 && !strings.ContainsAny(s, "= \t\n\f\r\v") && !strings.Contains(s, "eyJ")
}

func scrubAll(s string) string {
	rules := scrubRules()
	for _, r := range rules[:len(rules)-1] {
		s = r.re.ReplaceAllString(s, r.repl)
	}
	return scrubAWSSecretKeys(s)
}

func scrubAWSSecretKeys(s string) string {
	rules := scrubRules()
	awsSecretKey := rules[len(rules)-1].re
	return awsSecretKey.ReplaceAllStringFunc(s, func(m string) string {
		sub := awsSecretKey.FindStringSubmatch(m)
		if !looksLikeSecretKey(sub[2]) {
			return m
		}
		return sub[1] + Redacted + sub[3]
	})
}

// looksLikeSecretKey tells a 40-character AWS secret access key (mixed
// case base64) from a 40-character hex digest or an ordinary word run.
func looksLikeSecretKey(s string) bool {
	var upper, lower, other bool
	for _, r := range s {
		switch {
		case 'A' <= r && r <= 'Z':
			upper = true
		case 'a' <= r && r <= 'z':
			lower = true
		default:
			other = true
		}
	}
	return upper && lower && other
}
