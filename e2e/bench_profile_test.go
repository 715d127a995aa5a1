package e2e_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// profileSeconds is how long the gateway's CPU profile runs.
const profileSeconds = 10

// profileGateway writes a CPU profile of the gateway process, taken
// while load runs again and again, to dir/gateway.cpu.pprof, then its
// allocations since it started to dir/gateway.allocs.pprof
// (QBIZ_BENCH_PROFILE=dir; `go tool pprof` reads it with the built
// binary). It runs after the measured repetitions, so the profiler's own
// cost is in none of them.
func (w *benchWorld) profileGateway(t *testing.T, dir string, load func() error) {
	t.Helper()
	type result struct {
		body []byte
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", w.gw.pprof, profileSeconds))
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("profile: %d %.200s", resp.StatusCode, b)
		}
		got <- result{b, err}
	}()
	for {
		select {
		case r := <-got:
			if r.err != nil {
				t.Fatalf("profile the gateway: %v", r.err)
			}
			path := filepath.Join(dir, "gateway.cpu.pprof")
			if err := os.WriteFile(path, r.body, 0o600); err != nil {
				t.Fatal(err)
			}
			t.Logf("gateway CPU profile: %s", path)
			w.saveProfile(t, "allocs", filepath.Join(dir, "gateway.allocs.pprof"))
			return
		default:
		}
		if err := load(); err != nil {
			t.Fatalf("load while profiling: %v", err)
		}
	}
}

// saveProfile writes the gateway's named profile to path.
func (w *benchWorld) saveProfile(t *testing.T, name, path string) {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/%s", w.gw.pprof, name))
	if err != nil {
		t.Fatalf("%s profile: %v", name, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s profile: %d %v", name, resp.StatusCode, err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
