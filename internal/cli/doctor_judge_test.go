package cli

import (
	"crypto/x509"
	"strings"
	"testing"
	"time"
)

func TestJudgeClocks(t *testing.T) {
	cases := []struct {
		idp, aws time.Duration
		status   hopStatus
		want     string
	}{
		{0, 0, hopOK, "the identity provider's is in step and AWS's in step"},
		{30 * time.Second, -time.Minute, hopOK, "30s ahead"},
		{2 * time.Minute, 0, hopWarn, "ask its administrator"},
		{0, -3 * time.Minute, hopWarn, "this computer's clock disagrees with AWS"},
		{10 * time.Minute, 10 * time.Minute, hopFailed, "synchronise this computer's clock"},
		{-6 * time.Minute, 0, hopFailed, "6m0s behind"},
	}
	for _, c := range cases {
		r := judgeClocks(c.idp, c.aws)
		text := r.Detail + r.Problem + r.Fix
		if r.Status != c.status || !strings.Contains(text, c.want) {
			t.Errorf("judgeClocks(%s, %s) = %s %q, want %s with %q", c.idp, c.aws, r.Status, text, c.status, c.want)
		}
	}
}

func TestOutsideAllowsWholeSeconds(t *testing.T) {
	from := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	to := from.Add(1500 * time.Millisecond)
	for date, want := range map[time.Time]time.Duration{
		from: 0, from.Add(time.Second): 0, from.Add(-2 * time.Second): -2 * time.Second, to.Add(time.Minute): time.Minute,
	} {
		if got := outside(date, from, to); got != want {
			t.Errorf("outside(%s) = %s, want %s", date, got, want)
		}
	}
}

func TestJudgeCerts(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	cert := func(from, to time.Time) *x509.Certificate { return &x509.Certificate{NotBefore: from, NotAfter: to} }
	year := now.AddDate(1, 0, 0)
	cases := []struct {
		certs  []*x509.Certificate
		status hopStatus
		want   string
	}{
		{[]*x509.Certificate{cert(now.AddDate(-1, 0, 0), year)}, hopOK, "valid until 2027-06-01"},
		{[]*x509.Certificate{cert(now.AddDate(-1, 0, 0), now.AddDate(0, 0, 10))}, hopWarn, "in 10 days"},
		{[]*x509.Certificate{cert(now.AddDate(-2, 0, 0), now.AddDate(-1, 0, 0))}, hopFailed, "not valid now"},
		{[]*x509.Certificate{cert(now.AddDate(-2, 0, 0), now.AddDate(0, 0, -1)), cert(now.AddDate(0, 0, -1), year)}, hopOK, "valid until 2027"},
	}
	for i, c := range cases {
		r := judgeCerts("the certificate", c.certs, now)
		text := r.Detail + r.Problem
		if r.Status != c.status || !strings.Contains(text, c.want) {
			t.Errorf("case %d: %s %q, want %s with %q", i, r.Status, text, c.status, c.want)
		}
	}
}
