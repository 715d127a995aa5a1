package config

import (
	"regexp"
	"strings"
	"testing"
)

// The patterns the hand-written checks replace.
var charsetPatterns = []struct {
	name  string
	re    *regexp.Regexp
	check func(string) bool
}{
	{"name", regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$`), validName},
	{"appID", regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{35}$`), validAppID},
	{"clientID", regexp.MustCompile(`^[\x21-\x7e]{1,256}$`), validClientID},
}

func TestCharsetChecksMatchPatterns(t *testing.T) {
	inputs := []string{
		"", "a", "-a", "a-", "work", "qbiz-sandbox-oidc", "a.b_c@d+e-f", "a/b", "a:b", "a%2F", "a b", "a\nb",
		"../x", strings.Repeat("x", 64), strings.Repeat("x", 65), "é", "a\xff", "a\x00",
		"a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6", "-1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6", strings.Repeat("a", 35), strings.Repeat("a", 37),
		"client~id!", "client\x7fid", strings.Repeat("!", 256), strings.Repeat("!", 257), "x\r", "x$\n",
	}
	for _, p := range charsetPatterns {
		for _, in := range inputs {
			if got, want := p.check(in), p.re.MatchString(in); got != want {
				t.Errorf("%s(%q) = %v, pattern says %v", p.name, in, got, want)
			}
		}
	}
}

func FuzzCharsetChecks(f *testing.F) {
	f.Add("qbiz-sandbox-oidc")
	f.Add("a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6")
	f.Add("client\x7fid")
	f.Fuzz(func(t *testing.T, in string) {
		for _, p := range charsetPatterns {
			if got, want := p.check(in), p.re.MatchString(in); got != want {
				t.Fatalf("%s(%q) = %v, pattern says %v", p.name, in, got, want)
			}
		}
	})
}
