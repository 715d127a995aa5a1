package loopback

import (
	"crypto/subtle"
	"io"
	"net/http"
	"net/url"
)

// ServeHTTP accepts the one request of the Spec; everything else is answered
// and ignored.
func (l *Listener) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setPageHeaders(w)
	switch {
	case r.URL.Path != l.spec.Path:
		http.NotFound(w, r)
	case r.Host != l.host: // DNS rebinding: only our own address
		http.Error(w, "wrong host", http.StatusMisdirectedRequest)
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
	l.deliver(w, v)
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

// deliver hands over the first request; later ones are told it is done.
func (l *Listener) deliver(w http.ResponseWriter, v url.Values) {
	delivered := false
	l.once.Do(func() {
		l.result <- v
		delivered = true
	})
	if !delivered {
		http.Error(w, "sign-in already received", http.StatusConflict)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, donePage)
}
