package gateway_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// ageCredentials makes the session's AWS credentials about to expire, as
// if its hour had passed.
func (w *world) ageCredentials(id string) {
	w.t.Helper()
	sess, err := w.store.Get(w.t.Context(), id)
	if err != nil {
		w.t.Fatal(err)
	}
	plain, err := w.sealer.Open(id, sess.SignIn)
	if err != nil {
		w.t.Fatal(err)
	}
	e, err := tokencache.UnmarshalEntry(plain)
	if err != nil {
		w.t.Fatal(err)
	}
	e.AWS.Expiration = time.Now().Add(time.Minute)
	plain, _ = tokencache.MarshalEntry(e)
	if sess.SignIn, err = w.sealer.Seal(id, plain); err != nil {
		w.t.Fatal(err)
	}
	if err := w.store.Update(w.t.Context(), sess); err != nil {
		w.t.Fatal(err)
	}
}

// Credentials due for renewal are renewed once for many concurrent
// requests of the session, across two replicas sharing the store: one
// IdP refresh, one STS call; the renewed credentials are kept.
func TestRenewalSingleFlightAcrossReplicas(t *testing.T) {
	a := startWorld(t)
	b := startGateway(t, a.sb, a.store, a.sealer)
	br := a.browser()
	br.signInOIDC("corp", scenario.Mary)
	id := br.cookie("__Host-qbiz")
	a.ageCredentials(id)
	sts := a.stsCalls()
	var wg sync.WaitGroup
	codes := make(chan int, 40)
	for i := range 40 {
		wg.Go(func() {
			base := a.url
			if i%2 == 1 {
				base = b.url
			}
			codes <- br.get(base + "/api/conversations").status
		})
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Fatalf("a request during the renewal: %d", c)
		}
	}
	if got := a.stsCalls() - sts; got != 1 {
		t.Fatalf("%d STS calls for one renewal", got)
	}
	if p := br.get(b.url + "/api/conversations"); p.status != http.StatusOK || a.stsCalls()-sts != 1 {
		t.Fatalf("after the renewal: %d, %d STS calls", p.status, a.stsCalls()-sts)
	}
}
