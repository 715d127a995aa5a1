package oidcauth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func startLoopback(t *testing.T) (*Loopback, chan error, chan map[string][]string) {
	t.Helper()
	lb, err := ListenLoopback(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	errc, got := make(chan error, 1), make(chan map[string][]string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		var v map[string][]string
		err := lb.Receive(ctx, func(params url.Values) error { v = params; return nil })
		got <- v
		errc <- err
	}()
	return lb, errc, got
}

func status(t *testing.T, method, raw, host string) int {
	t.Helper()
	req, _ := http.NewRequest(method, raw, nil)
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestLoopbackIgnoresStrayRequests(t *testing.T) {
	lb, errc, got := startLoopback(t)
	lb.Expect("good-state")
	base := lb.RedirectURL()
	origin := base[:len(base)-len(callbackPath)]
	cases := []struct {
		name, method, url, host string
		want                    int
	}{
		{"favicon", "GET", origin + "/favicon.ico", "", 404},
		{"stray path", "GET", origin + "/", "", 404},
		{"post", "POST", base + "?state=good-state&code=c", "", 405},
		{"rebinding host", "GET", base + "?state=good-state&code=c", "evil.test", 421},
		{"foreign state", "GET", base + "?state=bad&code=c", "", 400},
		{"the response", "GET", base + "?state=good-state&code=c", "", 303},
		{"the result page", "GET", origin + "/done", "", 200},
	}
	for _, tc := range cases {
		if got := status(t, tc.method, tc.url, tc.host); got != tc.want {
			t.Errorf("%s: got %d want %d", tc.name, got, tc.want)
		}
	}
	v := <-got
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if v["code"][0] != "c" {
		t.Fatalf("got %v", v)
	}
	if _, err := http.Get(base); err == nil {
		t.Fatal("listener still serving after the callback")
	}
}

func TestLoopbackTimesOutCleanly(t *testing.T) {
	lb, err := ListenLoopback(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = lb.Receive(ctx, func(url.Values) error { t.Error("no callback came, yet one was judged"); return nil })
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "waiting for the browser sign-in") {
		t.Fatalf("got %v", err)
	}
	if _, err := http.Get(lb.RedirectURL()); err == nil {
		t.Fatal("listener still open")
	}
}

func TestLoginNoBrowserPrintsURL(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	ctx, cancel := context.WithCancel(context.Background())
	out := &urlCatcher{got: make(chan string, 4)}
	done := make(chan error, 1)
	go func() {
		_, err := Login(ctx, rp, LoginOptions{NoBrowser: true, Opener: failOpener{t}, Out: out})
		done <- err
	}()
	authURL := <-out.got
	b := e.browser(maryUser, maryPassword).async()
	_ = b.Open(authURL)
	if err := <-b.done; err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	cancel()
}

type failOpener struct{ t *testing.T }

func (f failOpener) Open(string) error { f.t.Error("browser opened despite NoBrowser"); return nil }

type urlCatcher struct{ got chan string }

func (u *urlCatcher) Write(p []byte) (int, error) {
	if m := authURLRe.Find(p); m != nil {
		u.got <- string(m)
	}
	return len(p), nil
}
