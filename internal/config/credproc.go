package config

import (
	"runtime"
	"strings"
)

// CredentialProcessCommand returns the credential_process value that runs
// "EXE credentials --profile NAME". exe should be the absolute path of the
// running binary (os.Executable at the composition root) so that SDKs find
// the same qbiz whatever their PATH; "" means "qbiz" from PATH.
//
// Arguments are quoted for the shell that runs credential_process: the AWS
// SDK for Go and the AWS CLI split the value POSIX-style (sh -c, shlex) on
// Unix, and through cmd.exe on Windows.
func CredentialProcessCommand(exe, profile string) string {
	return CommandLine(exe, "credentials", "--profile", profile)
}

// CommandLine returns the credential_process value that runs EXE with args,
// each quoted as CredentialProcessCommand quotes; exe "" means "qbiz".
func CommandLine(exe string, args ...string) string {
	if exe == "" {
		exe = "qbiz"
	}
	q := quotePOSIX
	if runtime.GOOS == "windows" {
		q = quoteWindows
	}
	words := []string{q(exe)}
	for _, a := range args {
		words = append(words, q(a))
	}
	return strings.Join(words, " ")
}

func shellSafe(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+@:=,", r)) {
			return false
		}
	}
	return true
}

func quotePOSIX(s string) string {
	if shellSafe(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func quoteWindows(s string) string {
	if shellSafe(strings.ReplaceAll(s, `\`, "/")) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
