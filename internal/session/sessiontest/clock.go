package sessiontest

import (
	"sync"
	"time"
)

// Clock is the time one test of the suite runs on. A store that takes an
// injected clock gets Now; Advance moves a fake clock, or sleeps on a real
// one (a store such as Redis that keeps time itself).
type Clock interface {
	Now() time.Time
	Advance(d time.Duration)
}

// FakeClock moves only when advanced.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFakeClock returns a FakeClock at start.
func NewFakeClock(start time.Time) *FakeClock { return &FakeClock{now: start} }

// Now returns the clock's time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock by d.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// RealClock is the wall clock; Advance sleeps.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// Advance sleeps for d.
func (RealClock) Advance(d time.Duration) { time.Sleep(d) }
