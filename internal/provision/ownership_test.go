package provision

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func TestOIDCReusesAnotherProviderAndLeavesIt(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	prov, err := w.c.IAM.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(w.issuer), ClientIDList: []string{"other-app"}})
	if err != nil {
		t.Fatal(err)
	}
	s, out := w.stack("acme", nil)
	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a := actions(plan)["AWS::IAM::OIDCProvider "+issuerHost(w.issuer)]; a != Update {
		t.Fatalf("provider without our client id: %s, want update", a)
	}
	if _, err := s.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	if out.ProviderARN != aws.ToString(prov.OpenIDConnectProviderArn) {
		t.Fatalf("provider %s, want the existing %s", out.ProviderARN, aws.ToString(prov.OpenIDConnectProviderArn))
	}
	got, _ := w.c.IAM.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: prov.OpenIDConnectProviderArn})
	if strings.Join(got.ClientIDList, ",") != "other-app,qbiz-acme" {
		t.Fatalf("client ids %v", got.ClientIDList)
	}
	gone, err := s.Destroy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(gone) != 7 {
		t.Fatalf("destroy removed %v, want all but the provider", actions(gone))
	}
	if _, err := w.c.IAM.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: prov.OpenIDConnectProviderArn}); err != nil {
		t.Fatalf("destroy removed a provider qbiz did not create: %v", err)
	}
}

func TestOIDCRefusesANameItDidNotCreate(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	if _, err := w.c.IAM.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("acme-web-experience-role"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}); err != nil {
		t.Fatal(err)
	}
	s, _ := w.stack("acme", nil)
	_, err := s.Plan(ctx)
	if err == nil || !strings.Contains(err.Error(), "not created by qbiz") {
		t.Fatalf("plan over a foreign role: %v", err)
	}
	if _, err := s.Destroy(ctx); err == nil {
		t.Fatal("destroy over a foreign role succeeded")
	}
	if _, err := w.c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("acme-web-experience-role")}); err != nil {
		t.Fatalf("foreign role removed: %v", err)
	}
}

func TestOIDCRepairsADriftedRole(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	s, _ := w.stack("acme", nil)
	if _, err := s.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.c.IAM.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String("acme-web-experience-role"),
		PolicyName: aws.String("acme-web-experience-role-policy")}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a := actions(plan)["AWS::IAM::Role acme-web-experience-role"]; a != Update {
		t.Fatalf("role without its policy: %s, want update", a)
	}
	if _, err := s.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	plan, _ = s.Plan(ctx)
	all(t, plan, Unchanged)
}

func TestOIDCDestroyLeavesAProviderAnotherStackUses(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	first, out := w.stack("acme", nil)
	if _, err := first.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	second, _ := w.stack("beta", nil)
	if _, err := second.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	gone, err := first.Destroy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := actions(gone)["AWS::IAM::OIDCProvider "+issuerHost(w.issuer)]; ok {
		t.Fatalf("destroy of acme planned %s for the provider beta signs in through", a)
	}
	if _, err := w.c.IAM.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: &out.ProviderARN}); err != nil {
		t.Fatalf("provider removed under beta: %v", err)
	}
	plan, err := second.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all(t, plan, Unchanged)
}

func TestDestroyWithTheWrongModeTouchesNothing(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	s, _ := w.stack("acme", nil)
	if _, err := s.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	saml, _, _ := SAML(w.c, SAMLInput{Prefix: "acme"})
	if _, err := saml.Destroy(ctx); err == nil || !strings.Contains(err.Error(), "uses AWS_IAM_IDP_OIDC, not AWS_IAM_IDP_SAML") {
		t.Fatalf("saml destroy of an oidc stack: %v", err)
	}
	plan, err := s.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all(t, plan, Unchanged)
}

func TestOIDCUpdatesAChangedClientSecret(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	s, out := w.stack("acme", nil)
	if _, err := s.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	rotated, _ := OIDC(w.c, OIDCInput{Prefix: "acme", Issuer: w.issuer, ClientID: "qbiz-acme",
		ClientSecret: func() (string, error) { return "rotated", nil }, Poll: Poll{Interval: time.Millisecond, Timeout: time.Minute}})
	plan, err := rotated.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a := actions(plan)["AWS::SecretsManager::Secret QBusiness-acme-client-secret"]; a != Update {
		t.Fatalf("a changed client secret: %s, want update", a)
	}
	if _, err := rotated.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := w.c.Secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: &out.SecretARN})
	if err != nil || aws.ToString(got.SecretString) != `{"client_secret":"rotated"}` {
		t.Fatalf("secret after apply: %v %v", got, err)
	}
	// Without a secret given, the stored one is not compared.
	bare, _ := OIDC(w.c, OIDCInput{Prefix: "acme", Issuer: w.issuer, ClientID: "qbiz-acme"})
	plan, err = bare.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all(t, plan, Unchanged)
}
