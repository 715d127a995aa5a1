package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// TestISO04CancellationAtEveryPoint (ISO-04): each user's requests are
// cancelled before the answer's headers, right after them, mid-stream
// and in the middle of a JSON body, over one connection toward Q
// Business that stalls and paces its answers; afterwards every user's
// next answer, and everything read before the cancellations, holds only
// that user's canary, and every message reached Q Business as its sender.
func TestISO04CancellationAtEveryPoint(t *testing.T) {
	env := startSoakEnv(t, soakGateway{users: 6, tinyPool: true})
	defer env.close()
	env.postFaults(t, `{"qbusiness":{"jitter":"300ms","chunk_delay":"20ms"}}`)
	since := time.Now()
	jars := make([]*soakJar, len(env.users))
	for i, u := range env.users {
		jars[i] = env.mustSignIn(t, u.Username, u)
	}
	var wg sync.WaitGroup
	for i, j := range jars {
		for k := range 8 {
			wg.Go(func() { env.cancelledTurn(t, j, env.users[i], k, cancelPoint(k%4)) })
		}
	}
	wg.Wait()
	for i, j := range jars {
		wg.Go(func() {
			if _, err := env.chatOnce(t.Context(), j, env.users[i].Username); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if f := env.checkLedger(since); f.checked < len(jars) {
		t.Fatalf("only %d messages reached Q Business", f.checked)
	}
	env.failOnViolations(t)
}

// cancelPoint is where a client gives up on a request.
type cancelPoint int

const (
	beforeHeaders cancelPoint = iota // once the request is written
	afterHeaders                     // as soon as the answer's headers are back
	midStream                        // after the first frame
	midBody                          // after the first byte of a JSON answer
)

// cancelledTurn sends one request of u's and cancels it at p; whatever
// arrived before the cancellation is checked by oracle 2.
func (e *soakEnv) cancelledTurn(t *testing.T, j *soakJar, u sandbox.SoakUser, k int, p cancelPoint) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	_, csrf, _ := j.current()
	nonce := fmt.Sprintf("c%sx%02dx%09d", u.Username, k, time.Now().UnixNano()%1e9)
	e.nonces.Store(nonce, u.Username)
	path, method, body := "/api/chat", http.MethodPost, fmt.Sprintf(`{"message":"nonce:%s What is the soak canary of this account?"}`, nonce)
	if p == midBody {
		path, method, body = "/api/conversations", http.MethodGet, ""
	}
	var rd io.Reader = strings.NewReader(body)
	if p == beforeHeaders {
		rd = &cancelAtEOF{r: rd, cancel: cancel}
	}
	req, err := http.NewRequestWithContext(ctx, method, e.gwURL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(len(body))
	req.Header.Set("Origin", e.gwURL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	resp, err := j.hc.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	if p == afterHeaders {
		cancel()
	}
	var got strings.Builder
	br := bufio.NewReader(resp.Body)
	for {
		line, err := br.ReadString('\n')
		got.WriteString(line)
		if p == midBody && got.Len() > 0 || p == midStream && strings.HasPrefix(line, "data: ") {
			cancel()
		}
		if err != nil {
			break
		}
	}
	e.checkFrame(u, fmt.Sprintf("request cancelled at point %d", p), got.String())
}

// cancelAtEOF cancels the request once its body has been read out.
type cancelAtEOF struct {
	r      io.Reader
	cancel func()
}

func (c *cancelAtEOF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		c.cancel()
	}
	return n, err
}

// TestISO07StreamsReachOnlyTheirSession (ISO-07): many users hold answer
// streams open at once (paced, so they overlap); each stream carries only
// its own user's canary. No stream has an id to resume or guess: frames
// carry no id field, a Last-Event-ID naming another stream gets the
// sender's own fresh answer, and no route attaches to a stream by id.
func TestISO07StreamsReachOnlyTheirSession(t *testing.T) {
	n := 64
	if testing.Short() {
		n = 16
	}
	env := startSoakEnv(t, soakGateway{users: n})
	defer env.close()
	env.postFaults(t, `{"qbusiness":{"chunk_delay":"30ms"}}`)
	since := time.Now()
	jars := env.signInAndChatOnce(t)
	a, b := jars[0], jars[2]
	ua, _, _ := a.current()
	for _, id := range []string{"1", "0", ua.Username, "stream-1"} {
		raw := env.rawStream(t, b, id)
		if strings.Contains(raw, "\nid:") || strings.HasPrefix(raw, "id:") {
			t.Errorf("a frame carries a stream id: %.200s", raw)
		}
	}
	for _, path := range []string{"/api/chat?stream=1", "/api/chat/1", "/api/stream/1", "/api/events?id=1"} {
		resp := env.rawGet(t, b, path)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode < 400 || canaryPattern.Match(body) {
			t.Errorf("GET %s: %d %.200s", path, resp.StatusCode, body)
		}
	}
	env.checkLedger(since)
	env.failOnViolations(t)
}

// rawStream sends one chat of j's user with Last-Event-ID lastID and
// returns the stream as read, checked by oracle 2.
func (e *soakEnv) rawStream(t *testing.T, j *soakJar, lastID string) string {
	t.Helper()
	u, csrf, _ := j.current()
	nonce := fmt.Sprintf("r%sx%09d", u.Username, time.Now().UnixNano()%1e9)
	e.nonces.Store(nonce, u.Username)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, e.gwURL+"/api/chat",
		strings.NewReader(fmt.Sprintf(`{"message":"nonce:%s What is the soak canary of this account?"}`, nonce)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", e.gwURL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	req.Header.Set("Last-Event-ID", lastID)
	resp, err := j.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), u.Canary) {
		t.Errorf("chat with Last-Event-ID %q: %d, own canary missing: %.300s", lastID, resp.StatusCode, b)
	}
	e.checkFrame(u, "chat with Last-Event-ID "+lastID, string(b))
	return string(b)
}

// TestISO09RenewalAtTheExpiryBoundary (ISO-09): credentials last a
// second past the renewal margin, so A's and B's renewals fall while
// their requests are in flight, round after round. Every key signed only
// calls of the user it was minted for, no call was refused as signed with
// expired credentials, and each user's sessions did renew.
func TestISO09RenewalAtTheExpiryBoundary(t *testing.T) {
	env := startSoakEnv(t, soakGateway{users: 4})
	defer env.close()
	env.postFaults(t, `{"sts":{"credential_lifetime":"5m1s"},"qbusiness":{"chunk_delay":"40ms"}}`)
	since := time.Now()
	a, b := env.users[0], env.users[2] // OIDC users: their sessions renew
	jars := []*soakJar{env.mustSignIn(t, "a", a), env.mustSignIn(t, "b", b)}
	keys := func() map[string]int {
		per := map[string]int{}
		for _, sub := range env.mintedKeys(since) {
			per[sub]++
		}
		return per
	}
	for round := 0; round < 60 && (keys()[a.Subject] < 3 || keys()[b.Subject] < 3); round++ {
		var wg sync.WaitGroup
		for _, j := range jars {
			for range 3 {
				wg.Go(func() {
					u, _, _ := j.current()
					if _, err := env.chatOnce(t.Context(), j, u.Username); err != nil {
						t.Error(err)
					}
				})
			}
		}
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
	}
	if k := keys(); k[a.Subject] < 3 || k[b.Subject] < 3 {
		t.Fatalf("keys minted per subject %v: the renewals never crossed requests in flight", k)
	}
	for _, en := range env.sb.Ledger.Entries(func(en ledger.Entry) bool { return !en.Time.Before(since) && en.Service == "qbusiness" }) {
		if strings.Contains(en.Code, "Expired") {
			t.Errorf("%s signed with expired credentials %s: %s", en.Operation, en.AccessKeyID, en.Code)
		}
	}
	env.checkLedger(since)
	env.failOnViolations(t)
}

// mintedKeys lists the keys STS minted since, by subject.
func (e *soakEnv) mintedKeys(since time.Time) map[string]string {
	out := map[string]string{}
	for _, en := range e.sb.Ledger.Entries(func(en ledger.Entry) bool { return !en.Time.Before(since) && en.Service == "sts" }) {
		if k := en.Detail["issued_access_key_id"]; k != "" && en.Principal != nil {
			out[k] = en.Principal.Subject
		}
	}
	return out
}
