package provision

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"

	"github.com/qbiz/qbiz/internal/sandbox"
)

type world struct {
	t      *testing.T
	sb     *sandbox.Sandbox
	cfg    aws.Config
	c      Clients
	issuer string
}

func startWorld(t *testing.T) *world {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0", Scenario: sandbox.ScenarioEmpty})
	if err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() { sb.Close() })
	cfg := sb.AdminConfig()
	return &world{t: t, sb: sb, cfg: cfg, issuer: sb.Info().OIDC.Issuer, c: Clients{IAM: iam.NewFromConfig(cfg),
		Secrets: secretsmanager.NewFromConfig(cfg), Q: qbusiness.NewFromConfig(cfg), SSO: ssoadmin.NewFromConfig(cfg)}}
}

func (w *world) stack(prefix string, progress io.Writer) (Stack, *Outputs) {
	return OIDC(w.c, OIDCInput{Prefix: prefix, Issuer: w.issuer, ClientID: "qbiz-" + prefix,
		ClientSecret: func() (string, error) { return "s3cret-" + prefix, nil },
		Poll:         Poll{Interval: time.Millisecond, Timeout: time.Minute, Progress: progress}})
}

func actions(changes []Change) map[string]Action {
	m := map[string]Action{}
	for _, c := range changes {
		m[c.Type+" "+c.Name] = c.Action
	}
	return m
}

func all(t *testing.T, changes []Change, want Action) {
	t.Helper()
	if len(changes) == 0 {
		t.Fatalf("no changes, want every resource to %s", want)
	}
	for _, c := range changes {
		if c.Action != want {
			t.Errorf("%s %s: %s, want %s (%s)", c.Type, c.Name, c.Action, want, c.Reason)
		}
	}
}

func TestOIDCPlanApplyApplyDestroyDestroy(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	var progress bytes.Buffer
	s, out := w.stack("acme", &progress)

	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	all(t, plan, Create)
	if len(plan) != 8 {
		t.Fatalf("plan has %d resources, want 8: %v", len(plan), actions(plan))
	}
	if n := w.countOurs(); n != 0 {
		t.Fatalf("plan created %d resources", n)
	}

	applied, err := s.Apply(ctx)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	all(t, applied, Create)
	for _, c := range applied {
		if c.ARN == "" {
			t.Errorf("%s %s created without an ARN", c.Type, c.Name)
		}
	}
	if out.ApplicationID == "" || out.WebEndpoint == "" || out.WebRoleARN == "" {
		t.Fatalf("outputs missing: %+v", out)
	}
	w.checkApplication(out)

	again, err := s.Apply(ctx)
	if err != nil {
		t.Fatalf("second apply: %v", err)
	}
	all(t, again, Unchanged)

	// destroy knows the stack by its prefix alone.
	s, _ = OIDC(w.c, OIDCInput{Prefix: "acme", Poll: Poll{Interval: time.Millisecond, Timeout: time.Minute}})
	gone, err := s.Destroy(ctx)
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	all(t, gone, Delete)
	if len(gone) != 8 {
		t.Fatalf("destroy removed %d resources, want 8: %v", len(gone), actions(gone))
	}
	if n := w.countOurs(); n != 0 {
		t.Fatalf("%d resources left after destroy", n)
	}
	again, err = s.Destroy(ctx)
	if err != nil || len(again) != 0 {
		t.Fatalf("second destroy = %v, %v; want nothing to do", actions(again), err)
	}
}

// checkApplication reads the created application back.
func (w *world) checkApplication(out *Outputs) {
	w.t.Helper()
	got, err := w.c.Q.GetApplication(context.Background(), &qbusiness.GetApplicationInput{ApplicationId: &out.ApplicationID})
	if err != nil {
		w.t.Fatal(err)
	}
	if got.IdentityType != "AWS_IAM_IDP_OIDC" || aws.ToString(got.IamIdentityProviderArn) != out.ProviderARN ||
		got.AutoSubscriptionConfiguration == nil || got.AutoSubscriptionConfiguration.AutoSubscribe != "ENABLED" {
		w.t.Errorf("application = %s %s %+v", got.IdentityType, aws.ToString(got.IamIdentityProviderArn), got.AutoSubscriptionConfiguration)
	}
}

// countOurs counts, through List* calls, the resources that name qbiz.
func (w *world) countOurs() int {
	w.t.Helper()
	ctx := context.Background()
	n := 0
	apps, err := w.c.Q.ListApplications(ctx, &qbusiness.ListApplicationsInput{})
	if err != nil {
		w.t.Fatal(err)
	}
	n += len(apps.Applications)
	provs, err := w.c.IAM.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		w.t.Fatal(err)
	}
	n += len(provs.OpenIDConnectProviderList)
	roles, err := w.c.IAM.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, r := range roles.Roles {
		if strings.HasPrefix(aws.ToString(r.RoleName), "acme-") {
			n++
		}
	}
	if _, err := w.c.Secrets.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("QBusiness-acme-client-secret")}); err == nil {
		n++
	}
	return n
}
