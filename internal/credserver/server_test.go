package credserver

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// countingSource hands out credentials ending at end, counting fetches.
type countingSource struct {
	n   atomic.Int64
	end time.Time
}

func (s *countingSource) Retrieve(context.Context) (aws.Credentials, error) {
	s.n.Add(1)
	return aws.Credentials{AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "secret", SessionToken: "token",
		CanExpire: true, Expires: s.end}, nil
}

func get(t *testing.T, s *Server, remote, auth string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/credentials", nil)
	r.RemoteAddr = remote
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestServerRefusesWithoutTokenOrOffLoopback(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	src := &countingSource{end: now.Add(time.Hour)}
	s, err := New(src, Options{Margin: 5 * time.Minute, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ remote, auth string }{
		{"127.0.0.1:5000", ""},
		{"127.0.0.1:5000", s.Token() + "x"},
		{"192.0.2.1:5000", s.Token()},
	} {
		if w := get(t, s, tt.remote, tt.auth); w.Code != http.StatusForbidden {
			t.Errorf("from %s: %d, want 403", tt.remote, w.Code)
		}
	}
	if n := src.n.Load(); n != 0 {
		t.Errorf("refused requests fetched credentials %d times", n)
	}
}

func TestServerServesAndRenewsWithinMargin(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	src := &countingSource{end: now.Add(time.Hour)}
	s, err := New(src, Options{Margin: 5 * time.Minute, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		w := get(t, s, "[::1]:5000", s.Token())
		var p payload
		if err := json.Unmarshal(w.Body.Bytes(), &p); w.Code != http.StatusOK || err != nil {
			t.Fatalf("GET: %d %v", w.Code, err)
		}
		if p.AccessKeyID != "AKIAEXAMPLE" || p.Expiration != "2026-01-01T01:00:00Z" {
			t.Errorf("payload %+v", p)
		}
	}
	if n := src.n.Load(); n != 1 {
		t.Errorf("%d fetches of fresh credentials, want 1", n)
	}
	now = now.Add(56 * time.Minute) // within the margin of their end
	src.end = now.Add(time.Hour)
	if w := get(t, s, "127.0.0.1:5000", s.Token()); w.Code != http.StatusOK {
		t.Fatalf("GET: %d", w.Code)
	}
	if n := src.n.Load(); n != 2 {
		t.Errorf("%d fetches, want a second one within the margin", n)
	}
}

func TestServerRefusesExpiredCredentials(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := New(&countingSource{end: now}, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if w := get(t, s, "127.0.0.1:5000", s.Token()); w.Code != http.StatusServiceUnavailable {
		t.Errorf("expired credentials: %d, want 503", w.Code)
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	if _, err := Listen("0.0.0.0:0"); !errors.Is(err, ErrNotLoopback) {
		t.Errorf("Listen 0.0.0.0:0: %v, want ErrNotLoopback", err)
	}
	l, err := Listen(DefaultAddr)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
}
