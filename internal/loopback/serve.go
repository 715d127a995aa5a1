package loopback

import (
	"crypto/subtle"
	"io"
	"net/http"
	"net/url"
)

// ServeHTTP accepts the one request of the Spec and, once it is judged,
// serves the result page; everything else is answered and ignored.
func (l *Listener) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	switch {
	case r.Host != l.host: // DNS rebinding: only our own address
		http.Error(w, "wrong host", http.StatusMisdirectedRequest)
	case r.URL.Path == donePath || r.URL.Path == failedPath:
		l.servePage(w, r)
	case r.URL.Path != l.spec.Path:
		http.NotFound(w, r)
	case r.Method != l.spec.Method:
		w.Header().Set("Allow", l.spec.Method)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	default:
		l.receive(w, r)
	}
}

func (l *Listener) receive(w http.ResponseWriter, r *http.Request) {
	v, ok := l.spec.Read(w, r)
	if !ok {
		return
	}
	if !l.wanted(v) {
		http.Error(w, notOurs, http.StatusBadRequest)
		return
	}
	l.deliver(w, r, v)
}

// wanted: every required value is present and the expected one matches.
func (l *Listener) wanted(v url.Values) bool {
	for _, k := range l.spec.Require {
		if v.Get(k) == "" {
			return false
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.expected == "" || subtle.ConstantTimeCompare([]byte(v.Get(l.spec.Field)), []byte(l.expected)) == 1
}

// deliver hands over the first request and holds the browser until the
// verdict, then redirects it to the page that shows it; later requests
// are told the sign-in was already received.
func (l *Listener) deliver(w http.ResponseWriter, r *http.Request, v url.Values) {
	delivered := false
	l.once.Do(func() {
		l.result <- v
		delivered = true
	})
	if !delivered {
		http.Error(w, "sign-in already received", http.StatusConflict)
		return
	}
	select {
	case <-l.outcome.decided:
	case <-r.Context().Done():
		return
	}
	w.Header().Set("Location", l.outcome.page()) // no body: nothing to echo
	w.WriteHeader(http.StatusSeeOther)
}

// servePage shows the verdict at its clean URL; the other page, or any
// page before the verdict, does not exist.
func (l *Listener) servePage(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	case r.URL.Path != l.outcome.page():
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	page := donePage
	if r.URL.Path == failedPath {
		page = failedPage
	}
	_, _ = io.WriteString(w, page)
	l.outcome.markShown()
}
