package e2e_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

// firstRequests is how many requests of one new session arrive at once.
const firstRequests = 1000

// TestConcurrentFirstRequestsOneSTSCall: a thousand requests at once of
// one new session, each needing the user's AWS credentials, cost one STS
// exchange in all: the sign-in's when its credentials are fresh, and one
// renewal when they are due (the renewal lock is per session and the
// waiters read what the holder stored).
func TestConcurrentFirstRequestsOneSTSCall(t *testing.T) {
	env := startSoakEnv(t, soakGateway{users: 2})
	defer env.close()
	u := env.users[0]
	for _, c := range []struct {
		name       string
		faults     string // while signing in
		wantTotal  int    // STS exchanges for the user, the sign-in's included
		wantReason string
	}{
		{"fresh credentials", `{"sts":{}}`, 1, "the sign-in's alone"},
		{"credentials due for renewal", shortLived, 2, "the sign-in's and one renewal"},
	} {
		t.Run(c.name, func(t *testing.T) {
			since := time.Now()
			env.postFaults(t, c.faults)
			j := env.mustSignIn(t, c.name, u)
			env.postFaults(t, `{"sts":{}}`)
			if _, err := runLoad(t.Context(), 0, firstRequests, 1, func(ctx context.Context, _ int) error {
				return listConversations(ctx, j)
			}); err != nil {
				t.Fatal(err)
			}
			if n := stsExchanges(env.sb.Ledger, u.Subject, since); n != c.wantTotal {
				t.Errorf("%d STS exchanges for a sign-in and %d requests at once of its session, want %d (%s)",
					n, firstRequests, c.wantTotal, c.wantReason)
			}
		})
	}
	env.failOnViolations(t)
}

// listConversations is GET /api/conversations as j, which Q Business
// answers with j's user's credentials.
func listConversations(ctx context.Context, j *soakJar) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.env.gwURL+"/api/conversations", nil)
	if err != nil {
		return err
	}
	resp, err := j.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /api/conversations: %d", resp.StatusCode)
	}
	return nil
}
