package oidcauth

import (
	"fmt"
	"net/url"
	"strings"
)

// maxParamLen bounds every callback parameter.
const maxParamLen = 4096

// callback is a parsed authorization response (RFC 6749 §4.1.2, §4.1.2.1;
// RFC 9207).
type callback struct {
	code, state, iss string
	hasIss           bool
	errCode, errDesc string
}

// parseCallback reads the authorization response. Each parameter may appear
// at most once (RFC 6749 §3.1) and must be printable ASCII of bounded length.
func parseCallback(v url.Values) (callback, error) {
	var cb callback
	fields := map[string]*string{"code": &cb.code, "state": &cb.state, "iss": &cb.iss,
		"error": &cb.errCode, "error_description": &cb.errDesc}
	for name, dst := range fields {
		vals, ok := v[name]
		if !ok {
			continue
		}
		if len(vals) != 1 {
			return callback{}, fmt.Errorf("%w: parameter %s repeated", ErrInvalidCallback, name)
		}
		if !printableASCII(vals[0]) {
			return callback{}, fmt.Errorf("%w: parameter %s malformed", ErrInvalidCallback, name)
		}
		*dst = vals[0]
	}
	_, cb.hasIss = v["iss"]
	return cb, cb.shape()
}

func (cb callback) shape() error {
	switch {
	case cb.state == "":
		return fmt.Errorf("%w: state missing", ErrInvalidCallback)
	case cb.errCode == "" && cb.code == "":
		return fmt.Errorf("%w: neither code nor error present", ErrInvalidCallback)
	case cb.errCode != "" && cb.code != "":
		return fmt.Errorf("%w: both code and error present", ErrInvalidCallback)
	}
	return nil
}

func printableASCII(s string) bool {
	if len(s) > maxParamLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// describeError renders an IdP error for a person: the registered error code
// and a short, sanitised description (never the code or state).
func (cb callback) describeError() string {
	desc := cb.errDesc
	if len(desc) > 200 {
		desc = desc[:200] + "…"
	}
	if cb.state != "" {
		desc = strings.ReplaceAll(desc, cb.state, "[state]")
	}
	if desc == "" {
		return cb.errCode
	}
	return fmt.Sprintf("%s: %s", cb.errCode, desc)
}
