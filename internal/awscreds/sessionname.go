package awscreds

import (
	"strings"

	"github.com/qbiz/qbiz/internal/identity"
)

// RoleSessionName limits (STS: 2..64 characters of [\w+=,.@-]).
const (
	minSessionName = 2
	maxSessionName = 64
	// hashSuffix is the length of the identity hash appended when the
	// name had to be altered, so altered names stay distinct per user.
	hashSuffix = 10
)

// SessionName derives an STS RoleSessionName from a verified identity:
// the email when there is one, else the subject. It is deterministic and
// always valid: characters outside [A-Za-z0-9_+=,.@-] become '-', and a
// name that had to be altered, shortened or padded ends with a hash of
// (issuer, subject) so that two users never share it by accident.
func SessionName(id identity.Identity) string {
	base := id.Email
	if base == "" {
		base = id.Subject
	}
	return sanitiseSessionName(base, id)
}

func sanitiseSessionName(name string, id identity.Identity) string {
	clean := strings.Map(sessionRune, name)
	if clean == name && len(clean) >= minSessionName && len(clean) <= maxSessionName {
		return clean
	}
	suffix := "-" + id.Key()[:hashSuffix]
	if len(clean) > maxSessionName-len(suffix) {
		clean = clean[:maxSessionName-len(suffix)]
	}
	if clean == "" {
		clean = "qbiz"
	}
	return clean + suffix
}

// sessionRune keeps the characters STS allows and replaces the rest. The
// input may be any UTF-8; every output byte is ASCII.
func sessionRune(r rune) rune {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return r
	case strings.ContainsRune("_+=,.@-", r):
		return r
	}
	return '-'
}
