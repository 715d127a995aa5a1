package sandbox

import (
	"log/slog"
	"testing"
	"time"
)

// TestAutosaverKeepsChangesMadeDuringASave marks the world changed many
// times while a save is under way: marking never waits for the save, and
// exactly one more save follows it, so no change is lost and none costs a
// save of its own. Close waits for that save to finish.
func TestAutosaverKeepsChangesMadeDuringASave(t *testing.T) {
	started, release := make(chan int, 10), make(chan struct{})
	n := 0
	a := startAutosaver(time.Nanosecond, func() error {
		n++
		started <- n
		<-release
		return nil
	}, slog.New(slog.DiscardHandler))
	a.markChanged()
	if got := <-started; got != 1 {
		t.Fatalf("save %d, want 1", got)
	}
	for range 100 {
		a.markChanged()
	}
	release <- struct{}{}
	if got := <-started; got != 2 {
		t.Fatalf("save %d, want 2", got)
	}
	close(release)
	a.close()
	if n != 2 {
		t.Fatalf("%d saves, want 2", n)
	}
}
