package browsertest

import (
	"os"
	"os/exec"
	"testing"
)

// Chromium finds Debian's Chromium, or skips the test (fails it under
// QBIZ_REQUIRE_BROWSER=1); browser tests skip in -short mode.
func Chromium(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium (Debian's chromium package) on PATH"
	if os.Getenv("QBIZ_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg + " (QBIZ_REQUIRE_BROWSER=1)")
	}
	t.Skip(msg)
	return ""
}
