package tokencache

import (
	"regexp"
	"strings"
	"testing"
)

// The patterns the hand-written key checks replace.
var keyPatterns = []struct {
	name  string
	re    *regexp.Regexp
	check func(string) bool
}{
	{"profile", regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$`), validProfile},
	{"idKey", regexp.MustCompile(`^[0-9a-f]{64}$`), validIDKey},
}

func TestKeyChecksMatchPatterns(t *testing.T) {
	inputs := []string{
		"", "a", "work", "qbiz-sandbox-oidc", "a.b_c@d+e-f", "-a", "../x", "a/b", "a:b", "a%2F", "a b", "a\n",
		strings.Repeat("x", 64), strings.Repeat("x", 65), "é", "a\xff", mary.Key(), strings.ToUpper(mary.Key()),
		mary.Key()[:63], mary.Key() + "0", strings.Repeat("g", 64),
	}
	for _, p := range keyPatterns {
		for _, in := range inputs {
			if got, want := p.check(in), p.re.MatchString(in); got != want {
				t.Errorf("%s(%q) = %v, pattern says %v", p.name, in, got, want)
			}
		}
	}
}

func FuzzKeyChecks(f *testing.F) {
	f.Add("qbiz-sandbox-oidc")
	f.Add(mary.Key())
	f.Add("a%2F")
	f.Fuzz(func(t *testing.T, in string) {
		for _, p := range keyPatterns {
			if got, want := p.check(in), p.re.MatchString(in); got != want {
				t.Fatalf("%s(%q) = %v, pattern says %v", p.name, in, got, want)
			}
		}
	})
}
