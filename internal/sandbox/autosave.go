package sandbox

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// autosaveInterval is the least time between two saves of a running world.
const autosaveInterval = time.Second

// autosaver saves the world after it changes, at most once per interval and
// off the request path: a request only marks the world changed, and one
// goroutine writes the file. A change made during a save or a pause is kept
// pending and saved next, so none is lost.
type autosaver struct {
	interval time.Duration
	save     func() error
	log      *slog.Logger
	changed  chan struct{}
	stop     chan struct{}
	done     chan struct{}
}

// startAutosaver starts saving with save after every change.
func startAutosaver(interval time.Duration, save func() error, log *slog.Logger) *autosaver {
	a := &autosaver{interval: interval, save: save, log: log,
		changed: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go a.run()
	return a
}

// markChanged never blocks: a change already pending covers this one.
func (a *autosaver) markChanged() {
	select {
	case a.changed <- struct{}{}:
	default:
	}
}

func (a *autosaver) run() {
	defer close(a.done)
	pause := time.NewTimer(a.interval)
	pause.Stop()
	defer pause.Stop()
	for {
		select {
		case <-a.stop:
			return
		case <-a.changed:
		}
		if err := a.save(); err != nil {
			a.log.Error("sandbox state not saved", "err", err)
		}
		pause.Reset(a.interval)
		select {
		case <-a.stop:
			return
		case <-pause.C:
		}
	}
}

// close stops saving and waits for a save under way to finish; the caller
// makes the final save.
func (a *autosaver) close() {
	close(a.stop)
	<-a.done
}

// startAutosave saves the world after every change from now on.
func (s *Sandbox) startAutosave() {
	s.autosave.Store(startAutosaver(autosaveInterval, s.Save, s.opts.Logger))
}

// savingChanges marks the world changed after every request that may have
// changed it: all but reads of the control endpoints.
func (s *Sandbox) savingChanges(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		if isControlRead(r) {
			return
		}
		if a := s.autosave.Load(); a != nil {
			a.markChanged()
		}
	})
}

func isControlRead(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.HasPrefix(r.URL.Path, "/sandbox/")
}
