package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Canary values shaped like the real credentials the emulators return.
const (
	canaryJWT       = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlY2FuYXJ5"
	canarySecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY1"
	canarySession   = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQCanaryCanaryCanaryCanaryCanaryCanaryCanaryCanaryCanaryCanaryCanary"
	canaryRefresh   = "rt-canary-7f3a9c"
	canaryCode      = "code-canary-5521"
	canarySAML      = "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiIElEPSJjYW5hcnkiPjwvc2FtbHA6UmVzcG9uc2U+"
	canaryPassword  = "hunter2-canary"
)

var canaries = []string{canaryJWT, canarySecretKey, canarySession, canaryRefresh, canaryCode, canarySAML, canaryPassword,
	"c2lnbmF0dXJlY2FuYXJ5", "CanaryCanaryCanary"}

type creds struct {
	AccessKeyID     string
	SecretAccessKey Secret
	SessionToken    Secret
}

type leakyError struct{}

func (leakyError) Error() string {
	return "token endpoint said: refresh_token=" + canaryRefresh + " id_token " + canaryJWT
}

func logEverything(l *slog.Logger) {
	ctx := WithRequestID(context.Background(), "req-1")
	for _, lvl := range []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError} {
		l.Log(ctx, lvl, "exchanging code="+canaryCode+" for Bearer "+canaryJWT,
			"refresh_token", canaryRefresh,
			"SAMLResponse", canarySAML,
			"password", canaryPassword,
			"Authorization", "Bearer "+canaryJWT,
			"code", canaryCode,
			"note", "secret "+canarySecretKey+" for ASIAEXAMPLEKEY123456",
			"session", canarySession,
			"secret", Secret(canaryPassword),
			"creds", creds{"ASIAEXAMPLE", Secret(canarySecretKey), Secret(canarySession)},
			"credsptr", &creds{"ASIAEXAMPLE", Secret(canarySecretKey), Secret(canarySession)},
			"err", fmt.Errorf("exchange: %w", leakyError{}),
			"url", "http://127.0.0.1:5555/callback?code="+canaryCode+"&state=xyz",
			slog.Group("tokens", "id", canaryJWT, "refresh", canaryRefresh),
			slog.Group("wrap", slog.String("x_amz_security_token", canarySession)),
			"map", map[string]string{"k": canaryJWT},
		)
		l.With("client_secret", canaryPassword).WithGroup("g").Log(ctx, lvl, "with", "id_token", canaryJWT)
	}
}

func TestCRED01_NoSecretReachesOutputAtAnyLevel(t *testing.T) {
	for _, tc := range []struct {
		name          string
		verbose, json bool
	}{{"text", true, false}, {"json", true, true}, {"text-info", false, false}} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			logEverything(New(&buf, tc.verbose, tc.json))
			out := buf.String()
			for _, c := range canaries {
				if strings.Contains(out, c) {
					t.Errorf("canary %q leaked:\n%s", c, out)
				}
			}
			if !strings.Contains(out, Redacted) || !strings.Contains(out, "req-1") {
				t.Errorf("output lacks redaction marker or request id:\n%s", out)
			}
		})
	}
}

func TestDebugHiddenUnlessVerbose(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, false, false).Debug("dbg")
	if buf.Len() != 0 {
		t.Errorf("debug logged without verbose: %q", buf.String())
	}
	New(&buf, true, false).Debug("dbg")
	if !strings.Contains(buf.String(), "dbg") {
		t.Errorf("debug not logged with verbose")
	}
}

func TestCRED07_SecretRendersRedactedEverywhere(t *testing.T) {
	s := Secret(canaryPassword)
	c := creds{"AKID", s, s}
	js, _ := json.Marshal(c)
	txt, _ := s.MarshalText()
	got := []string{
		fmt.Sprint(s), fmt.Sprintf("%s|%v|%+v|%#v|%q|%x|%X|%d|%10s", s, s, s, s, s, s, s, s, s),
		fmt.Sprintf("%v %+v %#v", c, c, &c), string(js), string(txt), s.String(), s.GoString(),
		fmt.Errorf("wrapped %v", s).Error(), s.LogValue().String(),
	}
	for _, g := range got {
		if strings.Contains(g, canaryPassword) {
			t.Errorf("secret leaked: %s", g)
		}
	}
	if s.Reveal() != canaryPassword {
		t.Errorf("Reveal() = %q", s.Reveal())
	}
}

func TestSecretKey(t *testing.T) {
	tests := []struct {
		key  string
		want bool
	}{
		{"refresh_token", true}, {"SAMLResponse", true}, {"X-Amz-Security-Token", true},
		{"client_secret", true}, {"code", true}, {"code_verifier", true}, {"Authorization", true},
		{"SessionToken", true}, {"assertion", true}, {"password", true},
		{"status_code", false}, {"profile", false}, {"email", false}, {"access_key_id", false}, {"region", false},
	}
	for _, tt := range tests {
		if got := SecretKey(tt.key); got != tt.want {
			t.Errorf("SecretKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
}

func TestScrub(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain message", "plain message"},
		{"sha1 0123456789abcdef0123456789abcdef01234567 ok", "sha1 0123456789abcdef0123456789abcdef01234567 ok"},
		{"tok " + canaryJWT + " end", "tok REDACTED end"},
		{"Authorization: Bearer abc.def", "Authorization: Bearer REDACTED"},
		{"cb?code=abc&state=s", "cb?code=REDACTED&state=s"},
		{"key " + canarySecretKey, "key REDACTED"},
		{"refresh_token=xyz;", "refresh_token=REDACTED;"},
	}
	for _, tt := range tests {
		if got := Scrub(tt.in); got != tt.want {
			t.Errorf("Scrub(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNonTextValuesUnderSecretKeysKept(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, false, false).Info("m", "token_ttl_seconds", 900, "has_refresh_token", true, "status_code", 200)
	for _, want := range []string{"token_ttl_seconds=900", "has_refresh_token=true", "status_code=200"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("missing %q in %q", want, buf.String())
		}
	}
}

func TestRequestID(t *testing.T) {
	id, err := NewRequestID(bytes.NewReader(bytes.Repeat([]byte{0xab}, 16)))
	if err != nil || id != strings.Repeat("ab", 16) {
		t.Fatalf("NewRequestID = %q, %v", id, err)
	}
	if _, err := NewRequestID(bytes.NewReader(nil)); err == nil {
		t.Error("NewRequestID on short reader: want error")
	}
	if got := RequestID(WithRequestID(context.Background(), id)); got != id {
		t.Errorf("RequestID = %q", got)
	}
	if got := RequestID(context.Background()); got != "" {
		t.Errorf("RequestID(empty) = %q", got)
	}
}

func TestErrorsIsThroughRedaction(t *testing.T) {
	sentinel := errors.New("sentinel")
	var buf bytes.Buffer
	New(&buf, false, true).Error("failed", "err", fmt.Errorf("op: %w", sentinel))
	if !strings.Contains(buf.String(), "op: sentinel") {
		t.Errorf("error text lost: %s", buf.String())
	}
}

func FuzzScrub(f *testing.F) {
	for _, s := range canaries {
		f.Add("x " + s + " y")
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Scrub(s)
		if strings.Contains(out, canaryJWT) {
			t.Errorf("JWT survived scrubbing")
		}
		_ = New(&bytes.Buffer{}, true, true)
	})
}

// FuzzScrubShortcut: a string Scrub passes unread is one the rules leave
// as it is.
func FuzzScrubShortcut(f *testing.F) {
	for _, s := range []string{"POST", "/api/chat", "127.0.0.1", "eyJa.b", "Bearer\tx", "code=1", strings.Repeat("A", 39)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if cannotMatch(s) && scrubAll(s) != s {
			t.Errorf("Scrub skipped %q, which the rules change", s)
		}
	})
}
