package e2e_test

import (
	"strings"
	"testing"
)

// TestNamedKeyringUnavailableSaysHowToUseTheFileBackend: login with an
// OS keyring named that cannot be opened fails before any sign-in, naming
// that keyring and the two variables that select the encrypted file
// backend instead, and says it once.
func TestNamedKeyringUnavailableSaysHowToUseTheFileBackend(t *testing.T) {
	w := newWorld(t)
	w.configure()
	unavailable := map[string]string{"QBIZ_KEYRING_BACKEND": "secret-service", "DBUS_SESSION_BUS_ADDRESS": "", "XDG_RUNTIME_DIR": ""}
	r := w.runEnv(failOpener{t}, unavailable, "login", "--profile", "qbiz-sandbox-oidc")
	if r.code == 0 {
		t.Fatalf("login without a usable keyring succeeded:\n%s", r.stderr)
	}
	for _, want := range []string{`"secret-service"`, "QBIZ_KEYRING_BACKEND=file", "QBIZ_KEYRING_PASSWORD"} {
		if strings.Count(r.stderr, want) != 1 {
			t.Errorf("stderr says %s %d times, want once:\n%s", want, strings.Count(r.stderr, want), r.stderr)
		}
	}
}
