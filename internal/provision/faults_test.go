package provision

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/qbiz/qbiz/internal/sandbox/faults"
)

// failOn arms the sandbox to answer the first request matching pattern
// with a 500, as AWS sometimes does.
type failOn struct {
	next    aws.HTTPClient
	pattern *regexp.Regexp
	arm     func()
	armed   bool
}

func (f *failOn) Do(r *http.Request) (*http.Response, error) {
	if !f.armed && f.pattern.MatchString(r.Method+" "+r.URL.Path) {
		f.armed = true
		f.arm()
	}
	return f.next.Do(r)
}

func TestOIDCApplyInterruptedByA500Resumes(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	cfg := w.cfg.Copy()
	cfg.RetryMaxAttempts = 1
	cfg.HTTPClient = &failOn{next: w.cfg.HTTPClient, pattern: regexp.MustCompile(`^POST /applications/[^/]+/indices$`),
		arm: func() { w.sb.Faults.Set("qbusiness", faults.Rule{FailNext: 1}) }}
	broken := Clients{IAM: iam.NewFromConfig(cfg), Secrets: secretsmanager.NewFromConfig(cfg), Q: qbusiness.NewFromConfig(cfg)}
	in := OIDCInput{Prefix: "acme", Issuer: w.issuer, ClientID: "qbiz-acme", ClientSecret: func() (string, error) { return "x", nil }}
	s, _ := OIDC(broken, in)
	if _, err := s.Apply(ctx); err == nil {
		t.Fatal("apply through a failing CreateIndex succeeded")
	}

	var progress bytes.Buffer
	s, _ = w.stack("acme", &progress)
	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := actions(plan)
	if got["AWS::QBusiness::Application acme"] != Unchanged || got["AWS::QBusiness::Index acme-index"] != Create {
		t.Fatalf("plan after the interruption = %v, want the application kept and the index to create", got)
	}
	if _, err := s.Apply(ctx); err != nil {
		t.Fatalf("apply after the interruption: %v", err)
	}
	again, err := s.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all(t, again, Unchanged)
	apps, _ := w.c.Q.ListApplications(ctx, &qbusiness.ListApplicationsInput{})
	if len(apps.Applications) != 1 {
		t.Fatalf("%d applications after resuming, want 1", len(apps.Applications))
	}
}

func TestOIDCApplyRidesOutThrottling(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	w.sb.Faults.Set("qbusiness", faults.Rule{ThrottleNext: 2})
	w.sb.Faults.Set("iam", faults.Rule{ThrottleNext: 1})
	s, _ := w.stack("acme", nil)
	if _, err := s.Apply(ctx); err != nil {
		t.Fatalf("apply under throttling (the SDK retryer should absorb it): %v", err)
	}
	again, err := s.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all(t, again, Unchanged)
}
