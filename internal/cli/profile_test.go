package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProfileFileProblems: a profile that does not exist is the only one
// told to create it; a line the parser cannot read is named with its
// file and line; a mistyped qbiz_* key is a warning with the key meant.
func TestProfileFileProblems(t *testing.T) {
	const work = "[profile work]\nqbiz_mode = oidc\nregion = us-east-1\nqbiz_issuer = https://idp.example.com\nqbiz_client_id = c\n" +
		"qbiz_role_arn = arn:aws:iam::123456789012:role/R\n"
	tests := []struct {
		name    string
		config  string
		want    []string
		notWant []string
	}{
		{"missing profile", "[profile other]\nregion = us-east-1\n",
			[]string{"profile not found", "create it with: qbiz configure --profile work"}, nil},
		{"no file", "",
			[]string{"profile not found", "create it with: qbiz configure --profile work"}, nil},
		{"header without ]", "[profile other\nregion = eu-west-1\n" + work,
			[]string{"config line 1: section header has no closing ]", "hint: fix that line"}, []string{"create it", "not logged in", "not signed in"}},
		{"key before any header", "region = eu-west-1\n" + work,
			[]string{"config line 1: region: a key before any [section] header"}, []string{"create it"}},
		{"typo of a qbiz key", work + "qbiz_isuer = https://other\n",
			[]string{"qbiz: warning: ", "config line 7: unknown key qbiz_isuer: did you mean qbiz_issuer?"}, []string{"create it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			cfg := filepath.Join(home, ".aws", "config")
			if tt.config != "" {
				os.MkdirAll(filepath.Dir(cfg), 0o700)
				if err := os.WriteFile(cfg, []byte(tt.config), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			vars := map[string]string{"HOME": home, "QBIZ_KEYRING_BACKEND": "file", "QBIZ_KEYRING_PASSWORD": "pw",
				"XDG_DATA_HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home}
			var out, errb bytes.Buffer
			env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return vars[k] }}
			Main(context.Background(), []string{"whoami", "--profile", "work"}, env)
			for _, w := range tt.want {
				if !strings.Contains(errb.String(), w) {
					t.Errorf("stderr %q lacks %q", errb.String(), w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(errb.String(), w) {
					t.Errorf("stderr %q has %q", errb.String(), w)
				}
			}
		})
	}
}
