package e2e_test

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// soakMutants are the known-bad variants of ISO-11, each built into the
// gateway by its build tag (internal/gateway/api/mutant_*.go).
var soakMutants = []struct{ tag, what string }{
	{"mutant_rolekey", "credential cache keyed by the role"},
	{"mutant_sharedconfig", "a shared aws.Config.Credentials overwritten per request"},
	{"mutant_singleflight", "single-flight keyed without the user"},
	{"mutant_novary", "a cacheable response without Vary: Cookie"},
	{"mutant_ssehub", "an SSE hub keyed by a stream counter"},
	{"mutant_pooledbuf", "a pooled frame buffer that is not reset"},
}

// isolationViolation is how the soak reports an isolation oracle firing
// (oracles 1-4 and 7; a secret in the logs or a leaked goroutine is not
// what these mutants do).
var (
	isolationViolation = regexp.MustCompile(`(?m)^\s+oracle [12347]: `)
	violatedAfter      = regexp.MustCompile(`isolation violated ([0-9.]+)s into the run`)
)

// TestIsolationSoakKillsMutants is the soak's self-test: built with each
// known-bad variant, TestIsolationSoak must fail, and by an isolation
// oracle, not by a build error or a client's trouble.
func TestIsolationSoakKillsMutants(t *testing.T) {
	if os.Getenv("QBIZ_SOAK_MUTANT") != "" {
		t.Skip("inside a mutant's run")
	}
	if testing.Short() {
		t.Skip("builds the gateway six times; not in -short mode")
	}
	for _, m := range soakMutants {
		t.Run(strings.TrimPrefix(m.tag, "mutant_"), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
			defer cancel()
			start := time.Now()
			cmd := exec.CommandContext(ctx, "go", "test", "-tags", m.tag, "-count=1", "-run", "^TestIsolationSoak$", "-v", ".")
			cmd.Env = append(os.Environ(), "QBIZ_SOAK_MUTANT="+m.tag, "QBIZ_SOAK=")
			out, err := cmd.CombinedOutput()
			wall := time.Since(start)
			switch {
			case ctx.Err() != nil:
				t.Fatalf("%s: the soak did not finish within 5 minutes", m.what)
			case err == nil:
				t.Fatalf("%s survived the soak: the harness is too weak\n%s", m.what, tail(out))
			case !isolationViolation.Match(out):
				t.Fatalf("%s: the soak failed, but no isolation oracle fired\n%s", m.what, tail(out))
			}
			after := "?"
			if s := violatedAfter.FindSubmatch(out); s != nil {
				after = string(s[1])
			}
			t.Logf("%s: caught %ss into the soak (%.0fs with the build)", m.what, after, wall.Seconds())
		})
	}
}

// tail is the end of a run's output, where the verdict is.
func tail(out []byte) string {
	const n = 4000
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return string(out)
}
