package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

// TestRenderOnce: whatever the error went through on its way out —
// explained twice, wrapped by the SDK after its hint — it is printed as
// one "qbiz:" line and at most one hint, at the end; the -v hint appears
// only for errors without advice of their own, and never when -v was
// given, for a usage error or for a cancellation.
func TestRenderOnce(t *testing.T) {
	plain := errors.New("something broke")
	tests := []struct {
		name        string
		err         error
		canTellMore bool
		wantHint    string
	}{
		{"plain", explain("p", plain), true, moreDetails},
		{"plain explained twice", explain("p", explain("p", plain)), true, moreDetails},
		{"plain with -v", explain("p", plain), false, ""},
		{"advice explained twice", explain("p", explain("p", identity.ErrNotLoggedIn)), true, "run: qbiz login --profile p"},
		{"advice wrapped by the SDK", fmt.Errorf("operation error QBusiness: ChatSync, %w", explain("p", identity.ErrNotLoggedIn)),
			true, "run: qbiz login --profile p"},
		{"usage", usageError{errors.New("--mode: want oidc")}, true, ""},
		{"cancelled", cancelled("sign-in"), true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			render(&b, tt.err, tt.canTellMore)
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if !strings.HasPrefix(lines[0], "qbiz: ") || strings.Contains(lines[0], "hint:") {
				t.Errorf("first line %q", lines[0])
			}
			want := 1
			if tt.wantHint != "" {
				want = 2
			}
			if len(lines) != want || (tt.wantHint != "" && lines[1] != "  hint: "+tt.wantHint) {
				t.Errorf("rendered %q, want one message line and hint %q", b.String(), tt.wantHint)
			}
		})
	}
}

// TestErrorPrintedOnce: a command whose error passes through two
// explaining layers (the session, then the chat) prints one hint, the
// error's own, and no "-v" hint — with or without -v.
func TestErrorPrintedOnce(t *testing.T) {
	home := t.TempDir()
	cfg := filepath.Join(home, ".aws", "config")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	profile := "[profile work]\nqbiz_mode = oidc\nregion = us-east-1\nqbiz_issuer = https://idp.example.com\nqbiz_client_id = c\n" +
		"qbiz_role_arn = arn:aws:iam::123456789012:role/R\nqbiz_application_id = 11111111-2222-3333-4444-555555555555\n" +
		"qbiz_keyring_backend = bogus\n"
	if err := os.WriteFile(cfg, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"HOME": home, "AWS_CONFIG_FILE": cfg, "QBIZ_KEYRING_PASSWORD": "pw",
		"XDG_DATA_HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home}
	for _, args := range [][]string{{"chat", "--profile", "work", "-m", "hi"}, {"chat", "-v", "--profile", "work", "-m", "hi"}} {
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return vars[k] }}
		if code := Main(context.Background(), args, env); code != ExitError {
			t.Fatalf("%v: exit %d", args, code)
		}
		got := errb.String()
		if strings.Count(got, "qbiz: ") != 1 || strings.Count(got, "bogus") != 1 || strings.Count(got, "hint: ") != 1 || strings.Contains(got, moreDetails) {
			t.Errorf("%v: stderr %q, want the error once with its one hint", args, got)
		}
	}
}
