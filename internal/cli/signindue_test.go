package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

func TestSignInEndingLine(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.Local)
	creds := now.Add(time.Hour)
	tests := []struct {
		end  time.Time
		want string
	}{
		{time.Time{}, ""},
		{now.Add(16 * time.Minute), ""},
		{now.Add(15 * time.Minute), "qbiz: your sign-in for profile work ends in 15 minutes (12:15); run: qbiz login --profile work"},
		{now.Add(12*time.Minute + 40*time.Second), "qbiz: your sign-in for profile work ends in 12 minutes (12:12); run: qbiz login --profile work"},
		{now.Add(90 * time.Second), "qbiz: your sign-in for profile work ends in 1 minute (12:01); run: qbiz login --profile work"},
		{now.Add(30 * time.Second), "qbiz: your sign-in for profile work ends in 30 seconds (12:00); run: qbiz login --profile work"},
		{now.Add(-time.Minute), "qbiz: your sign-in for profile work ended at 11:59; its AWS credentials last until 13:00; run: qbiz login --profile work"},
	}
	for _, tc := range tests {
		if got := signInEndingLine("work", tc.end, creds, now); got != tc.want {
			t.Errorf("end in %v: %q, want %q", tc.end.Sub(now), got, tc.want)
		}
	}
}

// qbiz credentials repeats the warning at most once a minute per profile;
// the other commands every time.
func TestWarnSignInDueThrottle(t *testing.T) {
	home := t.TempDir()
	now := time.Now()
	var errb bytes.Buffer
	env := Env{Stderr: &errb, Getenv: func(k string) string { return map[string]string{"HOME": home}[k] }}
	a := &app{env: env, now: func() time.Time { return now }}
	p := config.Profile{Name: "work", Mode: identity.ModeOIDC}
	e := tokencache.Entry{RefreshToken: "rt", RefreshExpiry: now.Add(10 * time.Minute),
		AWS: tokencache.Credentials{Expiration: now.Add(time.Hour)}}
	warnings := func() int { return strings.Count(errb.String(), "\n") }

	a.warnSignInDue(p, e)
	a.warnSignInDue(p, e)
	if warnings() != 2 {
		t.Fatalf("unthrottled: %d warnings, want 2", warnings())
	}
	a.throttleWarnings = true
	a.warnSignInDue(p, e)
	a.warnSignInDue(p, e)
	a.warnSignInDue(config.Profile{Name: "other", Mode: identity.ModeOIDC}, e)
	if warnings() != 4 {
		t.Fatalf("throttled: %d warnings, want 4 (once for work, once for other)", warnings())
	}
	now = now.Add(warnInterval)
	a.warnSignInDue(p, e)
	if warnings() != 5 {
		t.Fatalf("a minute later: %d warnings, want 5", warnings())
	}
	fi, err := os.Stat(home + "/.local/state/qbiz/warned/work")
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("marker: %v %v, want a 0600 file", fi, err)
	}
}
