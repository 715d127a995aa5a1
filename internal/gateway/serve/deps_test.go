package serve

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/session"
)

func TestReadSessionKey(t *testing.T) {
	dir := t.TempDir()
	raw := bytes.Repeat([]byte{0xfe}, session.KeySize)
	cases := map[string]struct {
		body    []byte
		mode    os.FileMode
		wantErr string
	}{
		"raw":         {raw, 0o600, ""},
		"base64":      {[]byte(base64.StdEncoding.EncodeToString(raw) + "\n"), 0o400, ""},
		"short":       {[]byte("c2hvcnQ="), 0o600, "want 32 random bytes"},
		"group reads": {raw, 0o640, "can be read by others"},
	}
	for name, c := range cases {
		p := filepath.Join(dir, name)
		writeFile(t, p, string(c.body), c.mode)
		key, err := readSessionKey(p)
		switch {
		case c.wantErr == "" && (err != nil || !bytes.Equal(key, raw)):
			t.Errorf("%s: %x %v", name, key, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: err = %v, want %q", name, err, c.wantErr)
		}
	}
}

func writeFile(t *testing.T, path, body string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}
