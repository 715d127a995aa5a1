package diagnose

import (
	"fmt"
	"strings"
)

// condition evaluates one condition of a statement against r's keys and,
// when it fails, says why. Operators other than the string ones are not
// evaluated (they are assumed to hold).
func (r Request) condition(op, key string, want []string) (mismatch, bool) {
	have, present := r.value(key)
	base := strings.TrimPrefix(strings.TrimPrefix(op, "ForAnyValue:"), "ForAllValues:")
	ifExists := strings.HasSuffix(base, "IfExists")
	base = strings.TrimSuffix(base, "IfExists")
	negated := strings.Contains(base, "Not")
	match, known := stringOperator(base)
	if !known || (!present && (ifExists || negated)) {
		return mismatch{}, true
	}
	if !present {
		return mismatch{what: fmt.Sprintf("it requires %s %s %q, which this sign-in does not carry", key, op, want),
			fix: fmt.Sprintf("remove the condition on %s, or have the IdP send it", key)}, false
	}
	hit := false
	for _, w := range want {
		hit = hit || match(w, have)
	}
	if hit != negated {
		return mismatch{}, true
	}
	return mismatch{what: fmt.Sprintf("it requires %s %s %q, and this sign-in's is %q", key, op, want, have),
		fix: fmt.Sprintf("set the condition %s %s to %q", op, key, have)}, false
}

// value looks key up case-insensitively, as IAM does.
func (r Request) value(key string) (string, bool) {
	for k, v := range r.Keys {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}

// stringOperator returns the positive comparison of a string condition
// operator (StringNotEquals compares as StringEquals, negated by the
// caller).
func stringOperator(op string) (func(want, have string) bool, bool) {
	switch strings.Replace(op, "Not", "", 1) {
	case "StringEquals":
		return func(w, h string) bool { return w == h }, true
	case "StringEqualsIgnoreCase":
		return strings.EqualFold, true
	case "StringLike":
		return like, true
	}
	return nil, false
}
