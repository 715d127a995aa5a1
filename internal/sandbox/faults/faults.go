// Package faults injects latency, errors and throttling per emulated
// service, and shortens credential lifetimes, for reliability tests. Rules
// can be set at start and changed at run time.
package faults

import (
	"math/rand/v2"
	"sync"
	"time"
)

// Rule is the fault configuration of one service.
type Rule struct {
	// Latency is added before the request is served.
	Latency time.Duration `json:"latency,omitempty"`
	// Jitter adds a further latency drawn uniformly from [0, Jitter).
	Jitter time.Duration `json:"jitter,omitempty"`
	// ErrorRate in [0,1] is the share of requests answered with a 500.
	ErrorRate float64 `json:"error_rate,omitempty"`
	// ThrottleRate in [0,1] is the share of requests answered with the
	// service's throttling error.
	ThrottleRate float64 `json:"throttle_rate,omitempty"`
	// ThrottleNext throttles exactly the next N requests (deterministic tests).
	ThrottleNext int `json:"throttle_next,omitempty"`
	// FailNext fails exactly the next N requests with a 500.
	FailNext int `json:"fail_next,omitempty"`
	// CredentialLifetime caps the lifetime of credentials STS issues (sts only).
	CredentialLifetime time.Duration `json:"credential_lifetime,omitempty"`
	// ChunkDelay paces a streamed answer: the pause before each of its
	// events after the first (qbusiness Chat only), as a model's tokens
	// arrive over seconds.
	ChunkDelay time.Duration `json:"chunk_delay,omitempty"`
	// ClockSkew moves the Date header of the service's answers by this
	// much (negative: behind), as a server whose clock is off sends it.
	ClockSkew time.Duration `json:"clock_skew,omitempty"`
}

// Decision is what to do with one request.
type Decision int

// Decisions.
const (
	Serve Decision = iota
	Fail
	Throttle
)

// Injector holds rules by service name ("sts", "qbusiness", … or "*").
type Injector struct {
	mu    sync.Mutex
	rules map[string]Rule
	rand  func() float64
	sleep func(time.Duration)
}

// New returns an injector with no faults.
func New() *Injector {
	return &Injector{rules: map[string]Rule{}, rand: rand.Float64, sleep: time.Sleep}
}

// Set replaces the rule of a service.
func (i *Injector) Set(service string, r Rule) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.rules[service] = r
}

// Rules returns a copy of all rules.
func (i *Injector) Rules() map[string]Rule {
	i.mu.Lock()
	defer i.mu.Unlock()
	out := make(map[string]Rule, len(i.rules))
	for k, v := range i.rules {
		out[k] = v
	}
	return out
}

// Reset removes every rule.
func (i *Injector) Reset() {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.rules = map[string]Rule{}
}

// Decide applies the service's latency and picks the request's fate.
func (i *Injector) Decide(service string) Decision {
	i.mu.Lock()
	r, ok := i.rules[service]
	if !ok {
		r = i.rules["*"]
	}
	d := i.pick(service, &r)
	wait := r.Latency
	if r.Jitter > 0 {
		wait += time.Duration(i.rand() * float64(r.Jitter))
	}
	i.mu.Unlock()
	if wait > 0 {
		i.sleep(wait)
	}
	return d
}

func (i *Injector) pick(service string, r *Rule) Decision {
	key := service
	if _, ok := i.rules[service]; !ok {
		key = "*"
	}
	switch {
	case r.ThrottleNext > 0:
		r.ThrottleNext--
		i.rules[key] = *r
		return Throttle
	case r.FailNext > 0:
		r.FailNext--
		i.rules[key] = *r
		return Fail
	case r.ThrottleRate > 0 && i.rand() < r.ThrottleRate:
		return Throttle
	case r.ErrorRate > 0 && i.rand() < r.ErrorRate:
		return Fail
	}
	return Serve
}

// ChunkDelay is the pause between the events of a streamed answer of
// service (its own rule only).
func (i *Injector) ChunkDelay(service string) time.Duration {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.rules[service].ChunkDelay
}

// CredentialLifetime returns d capped by the sts rule, if any.
func (i *Injector) CredentialLifetime(d time.Duration) time.Duration {
	i.mu.Lock()
	defer i.mu.Unlock()
	if c := i.rules["sts"].CredentialLifetime; c > 0 && c < d {
		return c
	}
	return d
}

// ClockSkew is how far the clock of service is off: its own rule's
// clock_skew, else the "*" rule's.
func (i *Injector) ClockSkew(service string) time.Duration {
	i.mu.Lock()
	defer i.mu.Unlock()
	if r, ok := i.rules[service]; ok && r.ClockSkew != 0 {
		return r.ClockSkew
	}
	return i.rules["*"].ClockSkew
}

// AnyClockSkew reports whether some rule skews a clock.
func (i *Injector) AnyClockSkew() bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	for _, r := range i.rules {
		if r.ClockSkew != 0 {
			return true
		}
	}
	return false
}
