package awscreds

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"

	"github.com/qbiz/qbiz/internal/identity"
)

// Scope narrows the credentials of one exchange: Policy is an inline
// session policy (JSON) passed with it, so the session may do only what
// both the role and the policy allow; Tool names the program the
// credentials are for, recorded in the session name so CloudTrail shows
// which tool acted for whom.
type Scope struct {
	Policy string
	Tool   string
}

// IsZero reports whether s narrows nothing.
func (s Scope) IsZero() bool { return s.Policy == "" && s.Tool == "" }

// Key identifies s in a cache: a digest of the policy and the tool, so
// scoped credentials are never served for another scope or unscoped.
func (s Scope) Key() string {
	sum := sha256.Sum256([]byte(s.Policy + "\x00" + s.Tool))
	return hex.EncodeToString(sum[:16])
}

// maxToolName bounds the tool's part of a session name.
const maxToolName = 20

// ToolName is the sanitised base name of a command, as recorded in the
// session: the characters STS allows, at most 20 of them.
func ToolName(command string) string {
	base := strings.Map(sessionRune, filepath.Base(command))
	base = strings.Trim(base, "-.")
	if len(base) > maxToolName {
		base = base[:maxToolName]
	}
	return base
}

// withTool appends the tool's name to a valid session name: name+tool,
// shortened (with the identity's hash, as sanitiseSessionName does) to
// stay within 64 characters.
func withTool(name, tool string, id identity.Identity) string {
	tool = ToolName(tool)
	if tool == "" {
		return name
	}
	if len(name)+1+len(tool) <= maxSessionName {
		return name + "+" + tool
	}
	keep := maxSessionName - len(tool) - 1 - hashSuffix - 1
	return name[:keep] + "-" + id.Key()[:hashSuffix] + "+" + tool
}
