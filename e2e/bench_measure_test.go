package e2e_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// userHZ is the unit of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux).
const userHZ = 100

// procCPU is the user plus system CPU time process pid has used so far.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name (which may hold spaces): state is
	// field 3, utime 14, stime 15.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: utime %q stime %q", pid, f[11], f[12])
	}
	return time.Duration(u+s) * time.Second / userHZ, nil
}

// loadRun is what one repetition measured.
type loadRun struct {
	n    int
	wall time.Duration
	cpu  time.Duration // of the watched process; 0 when none
	lat  []time.Duration
}

func (r loadRun) perSecond() float64           { return float64(r.n) / r.wall.Seconds() }
func (r loadRun) cpuPerRequest() time.Duration { return r.cpu / time.Duration(r.n) }

// runLoad runs workers goroutines, each making perWorker calls one after
// the other (call(ctx, worker)), and measures the wall time, each call's
// latency and the CPU time process pid used meanwhile (pid 0: none). The
// first error stops the run.
func runLoad(ctx context.Context, pid, workers, perWorker int, call func(ctx context.Context, worker int) error) (loadRun, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	lat := make([][]time.Duration, workers)
	cpu0, err := cpuOf(pid)
	if err != nil {
		return loadRun{}, err
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range perWorker {
				t0 := time.Now()
				if err := call(ctx, w); err != nil {
					cancel(err)
					return
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	if err := context.Cause(ctx); err != nil {
		return loadRun{}, err
	}
	cpu1, err := cpuOf(pid)
	if err != nil {
		return loadRun{}, err
	}
	return loadRun{n: workers * perWorker, wall: wall, cpu: cpu1 - cpu0, lat: slices.Concat(lat...)}, nil
}

func cpuOf(pid int) (time.Duration, error) {
	if pid == 0 {
		return 0, nil
	}
	return procCPU(pid)
}

// quantile is the q-quantile (nearest rank) of ds.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// median of xs.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// spread is "median (min–max)" of xs in format f.
func spread(f string, xs []float64) string {
	return fmt.Sprintf(f+" ("+f+"–"+f+")", median(xs), slices.Min(xs), slices.Max(xs))
}
