package provision

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
)

func (w *world) samlMetadata() string {
	w.t.Helper()
	resp, err := w.sb.HTTPClient().Get(w.sb.Info().SAML.MetadataURL)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	return string(b)
}

func TestSAMLPlanApplyApplyDestroyDestroy(t *testing.T) {
	w := startWorld(t)
	ctx := context.Background()
	poll := Poll{Interval: time.Millisecond, Timeout: time.Minute}
	s, out, err := SAML(w.c, SAMLInput{Prefix: "acme", Metadata: w.samlMetadata(), Poll: poll})
	if err != nil {
		t.Fatal(err)
	}
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
	if err != nil || app.IdentityType != "AWS_IAM_IDP_SAML" || aws.ToString(app.IamIdentityProviderArn) != out.ProviderARN {
		t.Fatalf("application: %v %+v", err, app)
	}
	role, err := w.c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("acme-web-experience-role")})
	if err != nil || !samePolicy(aws.ToString(role.Role.AssumeRolePolicyDocument), samlTrust(out.ProviderARN)) {
		t.Fatalf("web role trust: %v", err)
	}
	again, err := s.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all(t, again, Unchanged)

	s, _, _ = SAML(w.c, SAMLInput{Prefix: "acme", Poll: poll})
	gone, err := s.Destroy(ctx)
	if err != nil || len(gone) != 6 {
		t.Fatalf("destroy: %v %v", actions(gone), err)
	}
	if n := w.countOurs(); n != 0 {
		t.Fatalf("%d resources left", n)
	}
	provs, _ := w.c.IAM.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
	if len(provs.SAMLProviderList) != 0 {
		t.Fatalf("SAML providers left: %d", len(provs.SAMLProviderList))
	}
	if again, err := s.Destroy(ctx); err != nil || len(again) != 0 {
		t.Fatalf("second destroy: %v %v", actions(again), err)
	}
}

func TestSSOURL(t *testing.T) {
	pad := "<!--" + strings.Repeat("x", MinSAMLMetadata) + "-->"
	md := func(services string) string {
		return `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><IDPSSODescriptor>` + services + `</IDPSSODescriptor>` + pad + `</EntityDescriptor>`
	}
	post := `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/post"/>`
	redirect := `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/redirect"/>`
	for _, tc := range []struct{ name, doc, want, err string }{
		{"redirect preferred", md(post + redirect), "https://idp.example.com/redirect", ""},
		{"post alone", md(post), "https://idp.example.com/post", ""},
		{"no sign-on service", md(""), "", "names no IDPSSODescriptor"},
		{"too short", `<EntityDescriptor/>`, "", "at least 1000"},
		{"not XML", strings.Repeat("{", MinSAMLMetadata), "", "not XML"},
	} {
		got, err := SSOURL(tc.doc)
		if got != tc.want || (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: SSOURL = %q, %v; want %q, error with %q", tc.name, got, err, tc.want, tc.err)
		}
	}
}
