package loopback

import (
	"sync"
	"time"
)

// Clean URLs of the result pages, on the listener's own origin.
const (
	donePath   = "/done"
	failedPath = "/failed"
)

// outcome is the verdict on the one request and whether the browser has
// fetched the page that shows it.
type outcome struct {
	decided   chan struct{} // closed once the verdict is known
	ok        bool          // written before decided is closed
	shown     chan struct{} // closed when the result page was served
	decideOne sync.Once
	showOne   sync.Once
}

func newOutcome() *outcome {
	return &outcome{decided: make(chan struct{}), shown: make(chan struct{})}
}

func (o *outcome) decide(ok bool) {
	o.decideOne.Do(func() {
		o.ok = ok
		close(o.decided)
	})
}

// page is the path of the result page, once decided; "" before.
func (o *outcome) page() string {
	select {
	case <-o.decided:
	default:
		return ""
	}
	if o.ok {
		return donePath
	}
	return failedPath
}

func (o *outcome) markShown() { o.showOne.Do(func() { close(o.shown) }) }

// awaitPage waits until the browser fetched the result page, at most grace.
func (o *outcome) awaitPage(grace time.Duration) {
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-o.shown:
	case <-t.C:
	}
}
