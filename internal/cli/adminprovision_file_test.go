package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAdminStackFromFile: --file declares the stack with the flags' names;
// a flag given on the command line wins; an unknown key is a usage error.
func TestAdminStackFromFile(t *testing.T) {
	w := newAdminWorld(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	stack := write("stack.yaml", "mode: oidc\nname: from-file\nregion: us-east-1\nendpoint-url: "+w.sb.URL+
		"\naws_profile: admin\nissuer: "+w.sb.Info().OIDC.Issuer+"\nclient-id: qbiz-cli\n")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return w.vars[k] },
			Environ: func() []string { return nil }, IsTerminal: func() bool { return false }, HTTPClient: w.sb.HTTPClient(),
			Executable: func() (string, error) { return "/opt/qbiz/bin/qbiz", nil }}
		code := Main(context.Background(), append([]string{"admin"}, args...), env)
		return code, out.String(), errb.String()
	}
	if code, out, errs := run("plan", "--file", stack); code != 0 || !strings.Contains(out, "8 to create") || !strings.Contains(out, "from-file-index") {
		t.Fatalf("plan --file: %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run("plan", "--file", stack, "--name", "flagged"); code != 0 || !strings.Contains(out, "flagged-index") {
		t.Fatalf("plan --file --name: %d\n%s%s", code, out, errs)
	}
	bad := write("bad.yaml", "mode: oidc\nclient-secret: hunter2\n")
	if code, out, errs := run("plan", "--file", bad); code != ExitUsage || !strings.Contains(errs, `unknown key "client-secret"`) || out != "" {
		t.Fatalf("plan with a secret in the file: %d\n%s%s", code, out, errs)
	}
}
