package identity

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// Identity is a signed-in user as asserted by the IdP. Issuer and Subject
// identify the user; every other field is descriptive and may change
// between sign-ins.
type Identity struct {
	Issuer  string   `json:"issuer"`
	Subject string   `json:"subject"`
	Email   string   `json:"email,omitempty"`
	Groups  []string `json:"groups,omitempty"`
	Name    string   `json:"name,omitempty"`
}

// IsZero reports whether the identity names no user.
func (id Identity) IsZero() bool { return id.Issuer == "" && id.Subject == "" }

// Key returns a stable, opaque key derived from (Issuer, Subject) only: the
// hex SHA-256 of both values, each length-prefixed so that no two distinct
// pairs collide by concatenation. Email, name, groups and roles never take
// part: they are mutable or reusable and must not select another user's
// cached tokens or credentials.
func (id Identity) Key() string {
	h := sha256.New()
	writeField(h, id.Issuer)
	writeField(h, id.Subject)
	return hex.EncodeToString(h.Sum(nil))
}

// SameUser reports whether other names the same (Issuer, Subject).
func (id Identity) SameUser(other Identity) bool {
	return id.Issuer == other.Issuer && id.Subject == other.Subject
}

func writeField(h interface{ Write([]byte) (int, error) }, s string) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}
