package tokencache

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestLockNotifyNamesTheHolder: a free lock is taken without a word; a
// lock held by another live process is reported once, naming that process,
// before the wait (which here ends with the context).
func TestLockNotifyNamesTheHolder(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	host, _ := os.Hostname()
	opts := fileOptions(t)
	opts.Now = func() time.Time { return now }
	s := openFile(t, opts)
	var heard []Holder
	unlock, err := s.LockNotify(t.Context(), "work", func(h Holder) { heard = append(heard, h) })
	if err != nil || len(heard) != 0 {
		t.Fatalf("free lock: %v, heard %v", err, heard)
	}
	unlock()
	holder := lease{Owner: "x", PID: os.Getppid(), Host: host, Expires: now.Add(time.Hour)}
	stale(t, opts.Dir, holder)
	ctx, cancel := context.WithCancel(t.Context())
	_, err = s.LockNotify(ctx, "work", func(h Holder) { heard = append(heard, h); cancel() })
	if err == nil {
		t.Fatal("took a lock another live process holds")
	}
	if want := (Holder{PID: holder.PID, Host: host}); len(heard) != 1 || heard[0] != want {
		t.Fatalf("heard %v, want once %v", heard, want)
	}
}
