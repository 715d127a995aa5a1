package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/session"
)

// cancellingStore ends the request (cancel) right after its session was
// read, as a client that goes away mid-request does.
type cancellingStore struct {
	session.Store
	cancel context.CancelFunc
}

func (c cancellingStore) Get(ctx context.Context, id string) (*session.Session, error) {
	s, err := c.Store.Get(ctx, id)
	c.cancel()
	return s, err
}

// A session read that a client's cancellation cut short (on the real
// memory store: before the read, or between the read and the activity
// write) is not an invalid session: no 401 (the gone client is answered
// nothing), the cookie is not cleared, the session is not deleted, and
// the next request is served.
func TestCancelledSessionReadIsNotSignedOut(t *testing.T) {
	for _, c := range []struct {
		name  string
		idle  time.Duration // since the last activity: past touchEvery the read is followed by a write
		early bool          // cancelled before the read
	}{
		{"cancelled before the read", 0, true},
		{"cancelled before the activity write", 2 * touchEvery, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var inner session.Store
			f := newFixture(t, func(_ *config.Gateway, d *Deps) {
				inner = d.Store
				if !c.early {
					d.Store = cancellingStore{Store: d.Store, cancel: cancel}
				}
			})
			sess := f.signIn("alice")
			f.clk.Add(c.idle)
			if c.early {
				cancel()
			}
			rec := httptest.NewRecorder()
			f.srv.Handler().ServeHTTP(rec, requestIn(ctx, "/api/me", sess))
			// The client is gone: it is answered nothing, and above all not 401.
			if rec.Code == http.StatusUnauthorized || strings.Contains(rec.Body.String(), "not signed in") || f.reached("/api/me") != 0 {
				t.Fatalf("a cancelled read answered %d: %s", rec.Code, rec.Body)
			}
			if findCookie(rec.Result().Cookies(), sessionCookie) != nil {
				t.Fatal("a cancelled read touched the session cookie")
			}
			if _, err := inner.Get(context.Background(), sess.ID); err != nil {
				t.Fatalf("session lost after a cancelled read: %v", err)
			}
			rec = httptest.NewRecorder()
			f.srv.Handler().ServeHTTP(rec, requestIn(context.Background(), "/api/me", sess))
			if rec.Code != http.StatusOK {
				t.Fatalf("the next request answered %d: %s", rec.Code, rec.Body)
			}
		})
	}
}

// requestIn is GET path with sess's cookie, in ctx.
func requestIn(ctx context.Context, path string, sess *session.Session) *http.Request {
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	r.Host = "127.0.0.1:8000"
	r.RemoteAddr = "192.0.2.1:1234"
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: sess.ID})
	return r
}
