package provision

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
)

func TestIDCPlanApplyApplyDestroyDestroy(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	poll := Poll{Interval: time.Millisecond, Timeout: time.Minute}
	s, out := IDC(w.c, IDCInput{Prefix: "acme", Issuer: w.issuer, ClientID: "qbiz-cli", Poll: poll})
	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all(t, plan, Create)
	if len(plan) != 6 {
		t.Fatalf("plan: %v, want 6 resources", actions(plan))
	}
	if _, err := s.Apply(ctx); err != nil {
		t.Fatalf("apply: %v", err)
	}
	app, err := w.c.Q.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: &out.ApplicationID})
	if err != nil || app.IdentityType != "AWS_IAM_IDC" || aws.ToString(app.IdentityCenterApplicationArn) == "" {
		t.Fatalf("application: %v %+v", err, app)
	}
	if out.IDCApplicationARN == "" || out.IDCRoleARN == "" || out.TokenIssuerARN == "" {
		t.Fatalf("outputs: %+v", out)
	}
	again, err := s.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all(t, again, Unchanged)

	// A scope removed by hand is planned as an update and put back.
	if _, err := w.c.SSO.DeleteApplicationAccessScope(ctx, &ssoadmin.DeleteApplicationAccessScopeInput{ApplicationArn: &out.IDCApplicationARN,
		Scope: aws.String(IDCScopes[1])}); err != nil {
		t.Fatal(err)
	}
	plan, _ = s.Plan(ctx)
	if a := actions(plan)["AWS::SSO::Application acme-idc-application"]; a != Update {
		t.Fatalf("application without a scope: %s, want update", a)
	}
	if _, err := s.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	plan, _ = s.Plan(ctx)
	all(t, plan, Unchanged)

	s, _ = IDC(w.c, IDCInput{Prefix: "acme", Poll: poll})
	gone, err := s.Destroy(ctx)
	if err != nil || len(gone) != 6 {
		t.Fatalf("destroy: %v %v", actions(gone), err)
	}
	if n := w.countOurs(); n != 0 {
		t.Fatalf("%d resources left", n)
	}
	inst := out.InstanceARN
	apps, _ := w.c.SSO.ListApplications(ctx, &ssoadmin.ListApplicationsInput{InstanceArn: &inst})
	ttis, _ := w.c.SSO.ListTrustedTokenIssuers(ctx, &ssoadmin.ListTrustedTokenIssuersInput{InstanceArn: &inst})
	if len(apps.Applications)+len(ttis.TrustedTokenIssuers) != 0 {
		t.Fatalf("left in Identity Center: %d applications, %d token issuers", len(apps.Applications), len(ttis.TrustedTokenIssuers))
	}
	if again, err := s.Destroy(ctx); err != nil || len(again) != 0 {
		t.Fatalf("second destroy: %v %v", actions(again), err)
	}
}
