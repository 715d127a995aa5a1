package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// restrictedProfile writes a profile whose credentials are a session of a
// role allowed everything but what deny names, as an administrator whose
// policy lacks one permission.
func (w *adminWorld) restrictedProfile(t *testing.T, profile string, deny ...string) {
	t.Helper()
	ctx := context.Background()
	cfg := w.sb.AdminConfig()
	acct := w.sb.Info().Account
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":"sts:AssumeRole"}]}`
	perms := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},` +
		`{"Effect":"Deny","Action":["` + strings.Join(deny, `","`) + `"],"Resource":"*"}]}`
	c := iam.NewFromConfig(cfg)
	if _, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(profile), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(profile), PolicyName: aws.String("most"), PolicyDocument: aws.String(perms)}); err != nil {
		t.Fatal(err)
	}
	out, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + acct + ":role/" + profile), RoleSessionName: aws.String(profile)})
	if err != nil {
		t.Fatal(err)
	}
	k := out.Credentials
	w.credentials(t, profile, *k.AccessKeyId, *k.SecretAccessKey, *k.SessionToken)
}

// TestAdminApplyRefusedMidwayThenDestroy: an apply refused half way (the
// credentials may do everything but create roles) names the missing
// permission and exits 1; what it made before the refusal carries the tag,
// so destroy removes all of it, as the List calls show.
func TestAdminApplyRefusedMidwayThenDestroy(t *testing.T) {
	w := newAdminWorld(t)
	w.restrictedProfile(t, "no-roles", "iam:CreateRole")
	limited := append(w.idp(), "--aws-profile", "no-roles")

	code, out, errs := w.run(t, "s3cret\n", "apply", append(limited, "--yes", "--client-secret-stdin")...)
	for _, want := range []string{"iam:CreateRole", "AccessDenied", "hint: the administrator credentials lack the permission"} {
		if code != ExitError || !strings.Contains(errs, want) {
			t.Fatalf("apply without iam:CreateRole: exit %d, stderr lacks %q\n%s%s", code, want, out, errs)
		}
	}
	if made := w.ours(t); len(made) == 0 {
		t.Fatal("the refusal came before anything was made: the test no longer stops half way")
	}

	code, out, errs = w.run(t, "", "destroy", "--aws-profile", "no-roles", "--yes")
	if code != 0 || !strings.Contains(out, "Destroyed") {
		t.Fatalf("destroy after a refused apply: %d\n%s%s", code, out, errs)
	}
	if left := w.ours(t); len(left) != 0 {
		t.Fatalf("destroy left %v", left)
	}
}

// ours lists, through List and Describe calls with the administrator's
// credentials, what exists of the stack acme.
func (w *adminWorld) ours(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	cfg := w.sb.AdminConfig()
	var found []string
	apps, err := qbusiness.NewFromConfig(cfg).ListApplications(ctx, &qbusiness.ListApplicationsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range apps.Applications {
		found = append(found, "application "+aws.ToString(a.DisplayName))
	}
	c := iam.NewFromConfig(cfg)
	provs, err := c.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range provs.OpenIDConnectProviderList {
		found = append(found, "provider "+aws.ToString(p.Arn))
	}
	roles, err := c.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles.Roles {
		if strings.HasPrefix(aws.ToString(r.RoleName), "acme-") {
			found = append(found, "role "+aws.ToString(r.RoleName))
		}
	}
	if _, err := secretsmanager.NewFromConfig(cfg).DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("QBusiness-acme-client-secret")}); err == nil {
		found = append(found, "secret QBusiness-acme-client-secret")
	}
	return found
}
