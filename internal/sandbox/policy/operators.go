package policy

import (
	"math/big"
	"net/netip"
	"strings"
	"time"
)

func numeric(cmp func(int) bool) func(c, p string) bool {
	return func(c, p string) bool {
		x, ok1 := new(big.Float).SetString(c)
		y, ok2 := new(big.Float).SetString(p)
		return ok1 && ok2 && cmp(x.Cmp(y))
	}
}

func date(cmp func(int) bool) func(c, p string) bool {
	return func(c, p string) bool {
		x, ok1 := parseDate(c)
		y, ok2 := parseDate(p)
		return ok1 && ok2 && cmp(x.Compare(y))
	}
}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// arnMatch compares ARNs segment by segment with wildcards; the resource
// part (after the fifth colon) may itself contain colons.
func arnMatch(c, p string) bool {
	cs, ps := strings.SplitN(c, ":", 6), strings.SplitN(p, ":", 6)
	if len(cs) != 6 || len(ps) != 6 {
		return false
	}
	for i := range cs {
		if !Match(ps[i], cs[i], false) {
			return false
		}
	}
	return true
}

func ipMatch(c, p string) bool {
	addr, err := netip.ParseAddr(c)
	if err != nil {
		return false
	}
	if pfx, err := netip.ParsePrefix(p); err == nil {
		return pfx.Contains(addr)
	}
	a, err := netip.ParseAddr(p)
	return err == nil && a == addr
}

// Match reports whether s matches pattern, where * matches any run of
// characters and ? exactly one. foldCase compares ASCII case-insensitively.
func Match(pattern, s string, foldCase bool) bool {
	if foldCase {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	p, t := 0, 0
	star, mark := -1, 0
	for t < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[t]):
			p++
			t++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, t
			p++
		case star >= 0:
			p = star + 1
			mark++
			t = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
