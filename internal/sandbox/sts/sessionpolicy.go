package sts

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"strconv"

	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/policy"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// maxSessionPolicy is the Policy parameter's length limit (plaintext).
const maxSessionPolicy = 2048

// packedLimit is the sandbox's measure of the packed-policy space: the
// session policy, compressed, plus the session tags' keys and values.
const packedLimit = 2048

// sessionPolicyRE is the Policy pattern; Go's regexp matches runes, so
// \xff is U+00FF and invalid UTF-8 never matches.
var sessionPolicyRE = lazyre.New(`^[\t\n\r\x20-\xff]+$`)

// sessionPolicy reads the Policy parameter, an inline session policy:
// 1..2048 characters of tab, newline, carriage return and U+0020..U+00FF,
// parsed as a permission policy. It returns the policy compacted, or ""
// when none was passed.
func (c *call) sessionPolicy() (string, *wire.Error) {
	v, ok := c.form["Policy"]
	if !ok {
		return "", nil
	}
	p := v[0]
	switch {
	case p == "":
		return "", wire.Constraint("", "policy", "Member must have length greater than or equal to 1")
	case len([]rune(p)) > maxSessionPolicy:
		return "", wire.Constraint(truncate(p), "policy", "Member must have length less than or equal to 2048")
	case !sessionPolicyRE().MatchString(p):
		return "", wire.Constraint(truncate(p), "policy", `Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+`)
	}
	if _, err := policy.Parse([]byte(p), policy.Identity); err != nil {
		return "", wire.Errorf(400, "MalformedPolicyDocument", "%s", err.Error())
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(p)); err != nil {
		return "", wire.Errorf(400, "MalformedPolicyDocument", "This policy contains invalid Json")
	}
	return compact.String(), nil
}

// packedPolicySize is PackedPolicySize, a percentage of the packed-policy
// space taken by the session policy and tags, reported only when either
// was passed; over 100 the request fails with PackedPolicyTooLarge.
func packedPolicySize(sessionPolicy string, tags map[string]string) (*int, *wire.Error) {
	if sessionPolicy == "" && len(tags) == 0 {
		return nil, nil
	}
	n := compressedLen(sessionPolicy)
	for k, v := range tags {
		n += len(k) + len(v)
	}
	pct := 1 + n*100/packedLimit
	if pct <= 100 {
		return &pct, nil
	}
	if sessionPolicy == "" {
		return nil, wire.Errorf(400, "PackedPolicyTooLarge", "Packed size of session tags consumes %s%% of allotted space.", strconv.Itoa(pct))
	}
	return nil, wire.Errorf(400, "PackedPolicyTooLarge", "Packed policy consumes %s%% of allotted space, please use smaller policy.", strconv.Itoa(pct))
}

func compressedLen(s string) int {
	if s == "" {
		return 0
	}
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.Len()
}
