package ui

import (
	"os/exec"
	"testing"
)

// TestAppJSUnit runs testdata/app.test.js (the SSE parser, the markdown
// renderer and the URL check of app.js) with node's own test runner; it is
// skipped where node is not installed.
func TestAppJSUnit(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	out, err := exec.Command(node, "--test", "testdata/app.test.js").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}
