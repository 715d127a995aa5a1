package tokencache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLockSerialisesGoroutines(t *testing.T) {
	s := openFile(t, fileOptions(t))
	var inside, entered atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				unlock, err := s.Lock(t.Context(), "work")
				if err != nil {
					t.Error(err)
					return
				}
				if inside.Add(1) != 1 {
					t.Error("two holders inside the critical section")
				}
				entered.Add(1)
				runtime.Gosched()
				inside.Add(-1)
				unlock()
			}
		}()
	}
	wg.Wait()
	if entered.Load() != 24 {
		t.Errorf("entered %d times, want 24", entered.Load())
	}
}

func TestLockHonoursContextWhileHeld(t *testing.T) {
	s := openFile(t, fileOptions(t))
	unlock, err := s.Lock(t.Context(), "work")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() {
		_, err := s.Lock(ctx, "work")
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Lock while held = %v, want context.Canceled", err)
	}
	other, err := s.Lock(t.Context(), "other")
	if err != nil {
		t.Errorf("lock of another profile blocked: %v", err)
	} else {
		other()
	}
	unlock()
	unlock() // idempotent
	again, err := s.Lock(t.Context(), "work")
	if err != nil {
		t.Fatalf("Lock after unlock = %v", err)
	}
	again()
}

// stale writes a lease left behind by a holder that never released it.
func stale(t *testing.T, dir string, r lease) {
	t.Helper()
	os.MkdirAll(filepath.Join(dir, "locks"), 0o700)
	f, err := openPrivate(filepath.Join(dir, "locks", "work.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := writeLease(f, r); err != nil {
		t.Fatal(err)
	}
}

func TestLockLeaseOfCrashedHolderIsTakenOver(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	host, _ := os.Hostname()
	tests := []struct {
		name      string
		lease     lease
		available bool
	}{
		{"expired on another host", lease{Owner: "x", PID: 1, Host: "elsewhere", Expires: now.Add(-time.Second)}, true},
		{"dead process on this host", lease{Owner: "x", PID: deadPID(t), Host: host, Expires: now.Add(time.Hour)}, true},
		{"live on another host", lease{Owner: "x", PID: 1, Host: "elsewhere", Expires: now.Add(time.Hour)}, false},
		{"live process on this host", lease{Owner: "x", PID: os.Getpid(), Host: host, Expires: now.Add(time.Hour)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := fileOptions(t)
			opts.Now = func() time.Time { return now }
			s := openFile(t, opts)
			stale(t, opts.Dir, tt.lease)
			ctx, cancel := context.WithCancel(t.Context())
			if !tt.available {
				cancel() // already cancelled: one attempt, then give up
			}
			unlock, err := s.Lock(ctx, "work")
			cancel()
			if got := err == nil; got != tt.available {
				t.Fatalf("Lock = %v, want available=%v", err, tt.available)
			}
			if unlock != nil {
				unlock()
			}
		})
	}
}

func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

const helperEnv = "QBIZ_TOKENCACHE_LOCK_HELPER_DIR"

// TestLockHelperProcess is the body of the subprocesses started by
// TestLockSerialisesProcesses.
func TestLockHelperProcess(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		t.Skip("helper process only")
	}
	s := openFile(t, Options{Backend: "file", Dir: dir, Env: mapEnv{PassphraseEnv: "x"}})
	log := filepath.Join(dir, "log")
	for range 5 {
		unlock, err := s.Lock(t.Context(), "work")
		if err != nil {
			t.Fatal(err)
		}
		appendLine(t, log, "enter "+strconv.Itoa(os.Getpid()))
		for range 3 {
			os.ReadFile(log)
			runtime.Gosched()
		}
		appendLine(t, log, "exit "+strconv.Itoa(os.Getpid()))
		unlock()
	}
}

func appendLine(t *testing.T, path, line string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintln(f, line)
}

func TestLockSerialisesProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts subprocesses")
	}
	dir := filepath.Join(t.TempDir(), "qbiz")
	var cmds []*exec.Cmd
	for range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
		cmd.Env = append(os.Environ(), helperEnv+"="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("helper: %v", err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "log"))
	if err != nil {
		t.Fatal(err)
	}
	checkAlternating(t, strings.Split(strings.TrimSpace(string(b)), "\n"))
}

func checkAlternating(t *testing.T, lines []string) {
	t.Helper()
	if len(lines) != 40 {
		t.Fatalf("got %d log lines, want 40", len(lines))
	}
	for i := 0; i < len(lines); i += 2 {
		enter, exit := strings.Fields(lines[i]), strings.Fields(lines[i+1])
		if enter[0] != "enter" || exit[0] != "exit" || enter[1] != exit[1] {
			t.Fatalf("critical sections overlap at line %d: %q, %q", i+1, lines[i], lines[i+1])
		}
	}
}
