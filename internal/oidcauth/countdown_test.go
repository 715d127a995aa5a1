package oidcauth

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestCountdownToAFileSaysItOnce: to a pipe or file the device flow's
// countdown is one plain line, no carriage returns redrawing it.
func TestCountdownToAFileSaysItOnce(t *testing.T) {
	var out bytes.Buffer
	tick := countdown(&out)
	for _, left := range []time.Duration{10 * time.Minute, 9*time.Minute + 55*time.Second, 9*time.Minute + 50*time.Second} {
		tick(left)
	}
	if got, want := out.String(), "Waiting for approval… the code expires in 10:00"; got != want || strings.Contains(got, "\r") {
		t.Errorf("countdown to a buffer wrote %q, want %q", got, want)
	}
}
