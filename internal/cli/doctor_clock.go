package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/provision/diagnose"
)

const (
	// clockWarn: a clock this far off is worth fixing before it fails.
	clockWarn = time.Minute
	// clockFail: AWS refuses SigV4 signatures more than 5 minutes off.
	clockFail = 5 * time.Minute
)

// clock compares this computer's clock with the Date headers of the
// identity provider (its discovery document or metadata) and of AWS (an
// unsigned STS GetCallerIdentity, which STS refuses with its Date).
func (d *doctor) clock(ctx context.Context) hopResult {
	idp, err := d.dateSkew(ctx, http.MethodGet, d.idpDocument(), "")
	if err != nil {
		return failedErr(fmt.Errorf("read the identity provider's clock: %w", err))
	}
	awsSkew, err := d.dateSkew(ctx, http.MethodPost, d.stsEndpoint(), "Action=GetCallerIdentity&Version=2011-06-15")
	if err != nil {
		return failedErr(fmt.Errorf("read AWS's clock: %w", err))
	}
	return judgeClocks(idp, awsSkew)
}

// judgeClocks: both servers off alike means this computer's clock is off;
// one alone, that server's.
func judgeClocks(idp, aws time.Duration) hopResult {
	detail := fmt.Sprintf("against this computer's clock, the identity provider's is %s and AWS's %s", offBy(idp), offBy(aws))
	worst := max(abs(idp), abs(aws))
	if worst <= clockWarn {
		return passed("", detail)
	}
	var fix string
	switch {
	case abs(idp) > clockWarn && abs(aws) > clockWarn:
		fix = "synchronise this computer's clock (NTP)"
	case abs(idp) > clockWarn:
		fix = "the identity provider's clock is off (AWS agrees with this computer): ask its administrator to synchronise it (NTP)"
	default:
		fix = "this computer's clock disagrees with AWS: synchronise it (NTP)"
	}
	if worst > clockFail {
		return failedWith("", diagnose.Finding{What: detail + "; AWS refuses requests signed more than 5 minutes off, and ID tokens look not yet valid or expired", Fix: fix})
	}
	return hopResult{Status: hopWarn, Problem: detail + "; over 5 minutes AWS refuses signed requests", Fix: fix}
}

// offBy says how far a clock is off: to the second under a minute, else
// to ten seconds (a Date header has whole seconds).
func offBy(d time.Duration) string {
	if abs(d) >= time.Minute {
		d = d.Round(10 * time.Second)
	}
	d = d.Round(time.Second)
	switch {
	case d == 0:
		return "in step"
	case d > 0:
		return d.String() + " ahead"
	}
	return (-d).String() + " behind"
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// dateSkew is how far the Date header of the answer to one request is
// from this computer's clock at the middle of the request.
func (d *doctor) dateSkew(ctx context.Context, method, url, form string) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(form))
	if err != nil {
		return 0, err
	}
	if form != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	before := d.a.now()
	resp, err := d.a.http.Do(req)
	after := d.a.now()
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return 0, fmt.Errorf("%s answered without a Date header", url)
	}
	return outside(date, before.Truncate(time.Second), after), nil
}

// outside is how far date (whole seconds) falls outside [from, to]; zero
// within it.
func outside(date, from, to time.Time) time.Duration {
	switch {
	case date.Before(from):
		return date.Sub(from)
	case date.After(to):
		return date.Sub(to)
	}
	return 0
}

// idpDocument is the discovery document's URL, or the SAML metadata's.
func (d *doctor) idpDocument() string {
	if d.p.Mode == identity.ModeSAML {
		return d.p.SAMLIdPMetadataURL
	}
	return strings.TrimSuffix(d.p.Issuer, "/") + config.WellKnownSuffix
}

// stsEndpoint is where the profile's STS calls go.
func (d *doctor) stsEndpoint() string {
	if d.p.EndpointURL != "" {
		return d.p.EndpointURL
	}
	return "https://sts." + d.p.Region + ".amazonaws.com/"
}
