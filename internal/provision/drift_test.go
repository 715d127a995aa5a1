package provision

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// TestOIDCApplyRepairsWebExperience: a web experience whose role and
// sign-in configuration were changed out of band is planned as an update
// naming both, and apply puts them back (UpdateWebExperience); the next
// apply changes nothing.
func TestOIDCApplyRepairsWebExperience(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	s, out := w.stack("acme", nil)
	if _, err := s.Apply(ctx); err != nil {
		t.Fatalf("apply: %v", err)
	}
	if _, err := w.c.Q.UpdateWebExperience(ctx, &qbusiness.UpdateWebExperienceInput{ApplicationId: aws.String(out.ApplicationID),
		WebExperienceId: aws.String(out.WebExperienceID), RoleArn: aws.String("arn:aws:iam::123456789012:role/someone-elses"),
		IdentityProviderConfiguration: &qtypes.IdentityProviderConfigurationMemberSamlConfiguration{
			Value: qtypes.SamlProviderConfiguration{AuthenticationUrl: aws.String("https://idp.example.com/sso")}}}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	web := changeOf(t, plan, "AWS::QBusiness::WebExperience")
	if web.Action != Update || !strings.Contains(web.Reason, "role arn:aws:iam::123456789012:role/someone-elses, want "+out.WebRoleARN) ||
		!strings.Contains(web.Reason, "identity provider configuration differs") {
		t.Fatalf("plan for the web experience: %+v", web)
	}
	if _, err := s.Apply(ctx); err != nil {
		t.Fatalf("repairing apply: %v", err)
	}
	got, err := w.c.Q.GetWebExperience(ctx, &qbusiness.GetWebExperienceInput{ApplicationId: aws.String(out.ApplicationID), WebExperienceId: aws.String(out.WebExperienceID)})
	if err != nil {
		t.Fatal(err)
	}
	oidc, ok := got.IdentityProviderConfiguration.(*qtypes.IdentityProviderConfigurationMemberOpenIDConnectConfiguration)
	if aws.ToString(got.RoleArn) != out.WebRoleARN || !ok || aws.ToString(oidc.Value.SecretsArn) != out.SecretARN {
		t.Fatalf("after apply: role %s, configuration %#v", aws.ToString(got.RoleArn), got.IdentityProviderConfiguration)
	}
	again, err := s.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all(t, again, Unchanged)
}

// TestOIDCApplyTrimsOwnProviderClients: a client id added out of band to
// the provider the stack created is planned as drift and removed
// (RemoveClientIDFromOpenIDConnectProvider); a provider qbiz did not
// create keeps the client ids it had.
func TestOIDCApplyTrimsOwnProviderClients(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	s, out := w.stack("acme", nil)
	if _, err := s.Apply(ctx); err != nil {
		t.Fatalf("apply: %v", err)
	}
	arn := aws.String(out.ProviderARN)
	if _, err := w.c.IAM.AddClientIDToOpenIDConnectProvider(ctx, &iam.AddClientIDToOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn, ClientID: aws.String("qbiz-old")}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p := changeOf(t, plan, "AWS::IAM::OIDCProvider"); p.Action != Update || !strings.Contains(p.Reason, "client ids [qbiz-old] are not the stack's") {
		t.Fatalf("plan for the provider: %+v", p)
	}
	if _, err := s.Apply(ctx); err != nil {
		t.Fatalf("repairing apply: %v", err)
	}
	if ids := w.clientIDs(*arn); !slices.Equal(ids, []string{"qbiz-acme"}) {
		t.Fatalf("client ids after apply: %v", ids)
	}

	// Another provider, not qbiz's, for another issuer: a stack reusing it
	// adds its client id and leaves the others.
	other := "http://127.0.0.1:1/someone-elses"
	created, err := w.c.IAM.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(other), ClientIDList: []string{"theirs"}})
	if err != nil {
		t.Fatal(err)
	}
	reuse, _ := OIDC(w.c, OIDCInput{Prefix: "beta", Issuer: other, ClientID: "qbiz-beta",
		ClientSecret: func() (string, error) { return "s3cret-beta", nil }, Poll: Poll{Interval: time.Millisecond, Timeout: time.Minute}})
	if _, err := reuse.Apply(ctx); err != nil {
		t.Fatalf("apply reusing a provider: %v", err)
	}
	if ids := w.clientIDs(aws.ToString(created.OpenIDConnectProviderArn)); !slices.Equal(ids, []string{"theirs", "qbiz-beta"}) {
		t.Fatalf("client ids of a provider qbiz reused: %v", ids)
	}
}

func changeOf(t *testing.T, changes []Change, typ string) Change {
	t.Helper()
	for _, c := range changes {
		if c.Type == typ {
			return c
		}
	}
	t.Fatalf("no %s in %v", typ, actions(changes))
	return Change{}
}

func (w *world) clientIDs(arn string) []string {
	w.t.Helper()
	got, err := w.c.IAM.GetOpenIDConnectProvider(context.Background(), &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(arn)})
	if err != nil {
		w.t.Fatal(err)
	}
	return got.ClientIDList
}
