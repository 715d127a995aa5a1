package tokencache

// Key syntax is checked with plain loops, not regular expressions: they
// run on every `qbiz credentials` call, where compiling the equivalent
// patterns cost more than the check. keys_test.go fuzzes the equivalence.

// validProfile matches ^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$: no '/', '%'
// or ':', so a profile can neither escape the file backend's directory
// nor run into another item's key.
func validProfile(s string) bool {
	if len(s) < 1 || len(s) > 64 || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '_' && c != '@' && c != '+' && c != '-' {
			return false
		}
	}
	return true
}

// validIDKey matches ^[0-9a-f]{64}$, the form of identity.Identity.Key.
func validIDKey(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
