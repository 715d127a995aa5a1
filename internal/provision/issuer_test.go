package provision

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// TestIssuerTrailingSlashIsAnotherProvider: IAM keeps a trailing slash, so
// https://x/ and https://x are two providers, and STS finds the provider by
// the token's iss byte for byte. An issuer ending in "/" (Auth0) gets its
// own provider and its own condition key; one without does not reuse it.
func TestIssuerTrailingSlashIsAnotherProvider(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	bare := w.issuer
	slashed := bare + "/"
	if _, err := w.c.IAM.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{
		Url: aws.String(bare), ClientIDList: []string{"someone-else"}}); err != nil {
		t.Fatal(err)
	}
	w.issuer = slashed
	s, out := w.stack("acme", nil)
	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(strings.TrimPrefix(slashed, "https://"), "http://")
	if a := actions(plan)["AWS::IAM::OIDCProvider "+host]; a != Create {
		t.Fatalf("provider for %s: %s, want create (the one for %s is another provider): %v", slashed, a, bare, actions(plan))
	}
	if _, err := s.Apply(ctx); err != nil {
		t.Fatalf("apply: %v", err)
	}
	if !strings.HasSuffix(out.ProviderARN, "/idp/oidc/") {
		t.Fatalf("provider ARN %s, want it to keep the issuer's trailing slash", out.ProviderARN)
	}
	got, err := w.c.IAM.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(out.ProviderARN)})
	if err != nil || aws.ToString(got.Url) != host {
		t.Fatalf("provider URL %q, %v; want %q", aws.ToString(got.Url), err, host)
	}
	role, err := w.c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("acme-web-experience-role")})
	if err != nil {
		t.Fatal(err)
	}
	trust, _ := url.QueryUnescape(aws.ToString(role.Role.AssumeRolePolicyDocument))
	if !strings.Contains(trust, `"`+host+`:aud"`) {
		t.Fatalf("trust policy lacks the condition key %s:aud:\n%s", host, trust)
	}

	// The bare issuer's stack finds its own provider, not the slashed one.
	w.issuer = bare
	s, _ = w.stack("other", nil)
	plan, err = s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bareHost := strings.TrimSuffix(host, "/")
	if a := actions(plan)["AWS::IAM::OIDCProvider "+bareHost]; a != Update {
		t.Fatalf("provider for %s: %s, want update (the existing one lacks the client id): %v", bare, a, actions(plan))
	}
}
