package faults

import (
	"sync"
	"testing"
	"time"
)

// scripted returns the given draws in order, then 1 (never below a rate).
func scripted(draws ...float64) func() float64 {
	var mu sync.Mutex
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		if len(draws) == 0 {
			return 1
		}
		d := draws[0]
		draws = draws[1:]
		return d
	}
}

func decisions(i *Injector, service string, n int) []Decision {
	out := make([]Decision, n)
	for k := range out {
		out[k] = i.Decide(service)
	}
	return out
}

func equal(a, b []Decision) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

func TestDecideCounters(t *testing.T) {
	cases := []struct {
		name  string
		rules map[string]Rule
		ask   string
		want  []Decision
	}{
		{"no rules", nil, "sts", []Decision{Serve, Serve}},
		{"throttle next", map[string]Rule{"sts": {ThrottleNext: 2}}, "sts", []Decision{Throttle, Throttle, Serve}},
		{"fail next", map[string]Rule{"sts": {FailNext: 1}}, "sts", []Decision{Fail, Serve}},
		{"throttles before failures", map[string]Rule{"sts": {ThrottleNext: 1, FailNext: 2}}, "sts", []Decision{Throttle, Fail, Fail, Serve}},
		{"other service untouched", map[string]Rule{"sts": {FailNext: 1}}, "qbusiness", []Decision{Serve}},
		{"star fallback", map[string]Rule{"*": {ThrottleNext: 1}}, "iam", []Decision{Throttle, Serve}},
		{"star shared by services", map[string]Rule{"*": {FailNext: 2}}, "iam", []Decision{Fail, Fail, Serve}},
		{"own rule wins over star", map[string]Rule{"*": {FailNext: 5}, "sts": {}}, "sts", []Decision{Serve}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			i := New()
			i.rand = scripted()
			for k, r := range tc.rules {
				i.Set(k, r)
			}
			if got := decisions(i, tc.ask, len(tc.want)); !equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDecideStarCounterConsumedAcrossServices(t *testing.T) {
	i := New()
	i.Set("*", Rule{FailNext: 2})
	if got := []Decision{i.Decide("sts"), i.Decide("qbusiness"), i.Decide("iam")}; !equal(got, []Decision{Fail, Fail, Serve}) {
		t.Fatalf("got %v", got)
	}
	if r := i.Rules()["*"]; r.FailNext != 0 {
		t.Fatalf("star rule left %+v", r)
	}
}

func TestDecideRates(t *testing.T) {
	cases := []struct {
		name  string
		rule  Rule
		draws []float64
		want  []Decision
	}{
		{"throttle below rate", Rule{ThrottleRate: 0.5}, []float64{0.49, 0.5, 0.9}, []Decision{Throttle, Serve, Serve}},
		{"error below rate", Rule{ErrorRate: 0.25}, []float64{0.1, 0.25}, []Decision{Fail, Serve}},
		{"throttle drawn first, then error", Rule{ThrottleRate: 0.5, ErrorRate: 0.5}, []float64{0.7, 0.2, 0.1}, []Decision{Fail, Throttle}},
		{"rate 1 always", Rule{ErrorRate: 1}, []float64{0.999999, 0}, []Decision{Fail, Fail}},
		{"counters before rates", Rule{FailNext: 1, ThrottleRate: 1}, []float64{0}, []Decision{Fail, Throttle}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			i := New()
			i.rand = scripted(tc.draws...)
			i.Set("qbusiness", tc.rule)
			if got := decisions(i, "qbusiness", len(tc.want)); !equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDecideLatency(t *testing.T) {
	i := New()
	var slept []time.Duration
	i.sleep = func(d time.Duration) { slept = append(slept, d) }
	i.Set("sts", Rule{Latency: 250 * time.Millisecond, FailNext: 1})
	i.Set("*", Rule{Latency: time.Second})
	got := []Decision{i.Decide("sts"), i.Decide("sts"), i.Decide("iam"), i.Decide("qbusiness")}
	if !equal(got, []Decision{Fail, Serve, Serve, Serve}) {
		t.Fatalf("decisions %v", got)
	}
	want := []time.Duration{250 * time.Millisecond, 250 * time.Millisecond, time.Second, time.Second}
	if len(slept) != len(want) {
		t.Fatalf("slept %v", slept)
	}
	for k := range want {
		if slept[k] != want[k] {
			t.Fatalf("slept %v, want %v", slept, want)
		}
	}
	i.Reset()
	i.Decide("sts")
	if len(slept) != len(want) {
		t.Fatal("slept without a rule")
	}
}

// TestDecideJitter: a rule's jitter adds a latency drawn from [0, Jitter)
// after the fate is picked, so a rate's draw is not taken for the jitter.
func TestDecideJitter(t *testing.T) {
	i := New()
	var slept []time.Duration
	i.sleep = func(d time.Duration) { slept = append(slept, d) }
	i.rand = scripted(0.01, 0.5, 0.9, 0)
	i.Set("sts", Rule{Latency: 100 * time.Millisecond, Jitter: 400 * time.Millisecond, ErrorRate: 0.05})
	got := []Decision{i.Decide("sts"), i.Decide("sts")}
	if !equal(got, []Decision{Fail, Serve}) {
		t.Fatalf("decisions %v", got)
	}
	want := []time.Duration{300 * time.Millisecond, 100 * time.Millisecond}
	if len(slept) != 2 || slept[0] != want[0] || slept[1] != want[1] {
		t.Fatalf("slept %v, want %v", slept, want)
	}
}

func TestCredentialLifetime(t *testing.T) {
	cases := []struct {
		name string
		rule *Rule
		in   time.Duration
		want time.Duration
	}{
		{"no rule", nil, time.Hour, time.Hour},
		{"cap below", &Rule{CredentialLifetime: 2 * time.Minute}, time.Hour, 2 * time.Minute},
		{"cap above", &Rule{CredentialLifetime: 2 * time.Hour}, time.Hour, time.Hour},
		{"cap equal", &Rule{CredentialLifetime: time.Hour}, time.Hour, time.Hour},
	}
	for _, tc := range cases {
		i := New()
		if tc.rule != nil {
			i.Set("sts", *tc.rule)
		}
		if got := i.CredentialLifetime(tc.in); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	i := New()
	i.Set("*", Rule{CredentialLifetime: time.Minute})
	i.Set("qbusiness", Rule{CredentialLifetime: time.Minute})
	if got := i.CredentialLifetime(time.Hour); got != time.Hour {
		t.Fatalf("only the sts rule caps lifetimes; got %v", got)
	}
}

func TestRulesAndReset(t *testing.T) {
	i := New()
	i.Set("sts", Rule{FailNext: 2})
	snapshot := i.Rules()
	snapshot["sts"] = Rule{FailNext: 99}
	snapshot["iam"] = Rule{ThrottleNext: 1}
	if r := i.Rules(); len(r) != 1 || r["sts"].FailNext != 2 {
		t.Fatalf("Rules is not a copy: %v", r)
	}
	i.Decide("sts")
	if snapshot := i.Rules(); snapshot["sts"].FailNext != 1 {
		t.Fatalf("counter not consumed: %v", snapshot)
	}
	i.Set("sts", Rule{ThrottleNext: 1})
	if r := i.Rules()["sts"]; r.FailNext != 0 || r.ThrottleNext != 1 {
		t.Fatalf("Set did not replace: %+v", r)
	}
	i.Reset()
	if len(i.Rules()) != 0 || i.Decide("sts") != Serve {
		t.Fatal("Reset left rules")
	}
}

// TestDecideConcurrent: a counter of N yields exactly N faults however many
// goroutines ask.
func TestDecideConcurrent(t *testing.T) {
	i := New()
	i.Set("qbusiness", Rule{ThrottleNext: 50, FailNext: 50})
	var mu sync.Mutex
	counts := map[Decision]int{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				d := i.Decide("qbusiness")
				mu.Lock()
				counts[d]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if counts[Throttle] != 50 || counts[Fail] != 50 || counts[Serve] != 100 {
		t.Fatalf("counts %v", counts)
	}
}
