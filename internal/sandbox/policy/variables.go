package policy

import "strings"

// substitute replaces ${key} policy variables with single context values.
// It reports false when a variable has no single value, so the pattern
// matches nothing (IAM treats such a statement as not matching).
func substitute(s string, ctx map[string][]string, enabled bool) (string, bool) {
	if !enabled || !strings.Contains(s, "${") {
		return s, true
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), true
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String(), true
		}
		b.WriteString(s[:i])
		name := s[i+2 : i+j]
		switch name {
		case "*", "?", "$":
			b.WriteString(name)
		default:
			v := ctx[strings.ToLower(name)]
			if len(v) != 1 {
				return "", false
			}
			b.WriteString(v[0])
		}
		s = s[i+j+1:]
	}
}
