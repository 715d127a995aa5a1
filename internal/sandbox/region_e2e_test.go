package sandbox_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
)

// TestScopeRegionChecked calls every signed service through its SDK client
// configured for another region than the sandbox's, as a client pointed at
// the wrong regional endpoint signs: each call is refused with the
// service's signature error naming the region, as AWS refuses it. The same
// call signed for the sandbox's region is served, so the region alone is
// what is refused.
func TestScopeRegionChecked(t *testing.T) {
	w := startWorld(t, sandbox.Options{})
	ctx := context.Background()
	idToken := w.idToken(t, mary)
	idc := w.app(t, "idc")
	const wrong = "eu-west-1"
	for _, tc := range []struct {
		name, code string
		call       func(cfg aws.Config) error
	}{
		{"sts", "SignatureDoesNotMatch", func(cfg aws.Config) error {
			_, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			return err
		}},
		{"iam", "SignatureDoesNotMatch", func(cfg aws.Config) error {
			_, err := iam.NewFromConfig(cfg).ListRoles(ctx, &iam.ListRolesInput{})
			return err
		}},
		{"sso-admin", "InvalidSignatureException", func(cfg aws.Config) error {
			_, err := ssoadmin.NewFromConfig(cfg).ListInstances(ctx, &ssoadmin.ListInstancesInput{})
			return err
		}},
		{"secretsmanager", "InvalidSignatureException", func(cfg aws.Config) error {
			_, err := secretsmanager.NewFromConfig(cfg).CreateSecret(ctx, &secretsmanager.CreateSecretInput{
				Name: aws.String("qbiz/region"), SecretString: aws.String("v")})
			return err
		}},
		{"qbusiness", "InvalidSignatureException", func(cfg aws.Config) error {
			_, err := qbusiness.NewFromConfig(cfg).ListApplications(ctx, &qbusiness.ListApplicationsInput{})
			return err
		}},
		{"sso-oidc", "InvalidSignatureException", func(cfg aws.Config) error {
			_, err := ssooidc.NewFromConfig(cfg).CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{
				ClientId: aws.String(idc.IDCApplicationARN), GrantType: aws.String("urn:ietf:params:oauth:grant-type:jwt-bearer"),
				Assertion: aws.String(idToken)})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(sandboxtest.Config(wrong, w.sb.URL, w.sb.HTTPClient(), w.admin()))
			code, msg := apiError(err)
			if want := "Credential should be scoped to a valid Region, not '" + wrong + "'."; code != tc.code || msg != want {
				t.Fatalf("signed for %s: got %v, want %s %q", wrong, err, tc.code, want)
			}
			if err := tc.call(sandboxtest.Config(sandbox.Region, w.sb.URL, w.sb.HTTPClient(), w.admin())); err != nil {
				t.Fatalf("signed for %s: %v", sandbox.Region, err)
			}
		})
	}
}
