//go:build unix

package config

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCredentialProcessRunsUnderSh runs the generated command the way the
// AWS SDK for Go does (sh -c) with an executable whose path has a space
// and a quote.
func TestCredentialProcessRunsUnderSh(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "it's a dir")
	os.MkdirAll(dir, 0o700)
	exe := filepath.Join(dir, "qbiz")
	os.WriteFile(exe, []byte("#!/bin/sh\nprintf '%s|' \"$@\"\n"), 0o700)
	out, err := exec.Command("sh", "-c", CredentialProcessCommand(exe, "work")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), "credentials|--profile|work|"; !strings.EqualFold(got, want) {
		t.Errorf("argv = %q, want %q", got, want)
	}
}
