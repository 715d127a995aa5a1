package config

import "strings"

// The syntax checks below are plain loops rather than regular
// expressions: `qbiz credentials` validates its profile on every call, and
// compiling the equivalent patterns (at start-up or on first use) cost
// more than the rest of the check. charset_test.go holds the patterns and
// fuzzes the equivalence.

// validName matches ^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$.
func validName(s string) bool {
	return len(s) >= 1 && len(s) <= 64 && isAlnum(s[0]) && all(s[1:], isNameByte)
}

// validAppID matches ^[a-zA-Z0-9][a-zA-Z0-9-]{35}$.
func validAppID(s string) bool {
	return len(s) == 36 && isAlnum(s[0]) && all(s[1:], isAppIDByte)
}

// validClientID matches ^[\x21-\x7e]{1,256}$: printable ASCII, no space.
func validClientID(s string) bool {
	return len(s) >= 1 && len(s) <= 256 && all(s, isPrintable)
}

func all(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isNameByte(c byte) bool  { return isAlnum(c) || strings.IndexByte("._@+-", c) >= 0 }
func isAppIDByte(c byte) bool { return isAlnum(c) || c == '-' }
func isPrintable(c byte) bool { return 0x21 <= c && c <= 0x7e }
