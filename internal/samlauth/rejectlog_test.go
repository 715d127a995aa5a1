package samlauth

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// TestRejectionsAreReturnedNotLogged: a refused response is returned to
// the caller, which renders it once; the service provider does not also
// log it (a CLI would print it twice).
func TestRejectionsAreReturnedNotLogged(t *testing.T) {
	var buf bytes.Buffer
	f := newFixture(t, samlidp.SignAssertion, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	req, form, _ := f.genuine("mary")
	corruptSignature(form)
	wantReject(t, f.sp, req, form, ErrSignature)
	if strings.Contains(buf.String(), "level=WARN") || strings.Contains(buf.String(), "level=ERROR") {
		t.Errorf("the rejection was logged as well as returned:\n%s", buf.String())
	}
}
