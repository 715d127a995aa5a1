package ssoadmin_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin/document"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/gate/gatetest"
	sa "github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type fixture struct {
	h      *gatetest.Harness
	store  *sa.Store
	client *ssoadmin.Client
	inst   string
}

type allowList map[string]bool

func (a allowList) Authorize(p awsauth.Principal, action, resource string, _ map[string][]string) bool {
	return a[p.ARN+" "+action]
}

func newFixture(t *testing.T, authz sa.Authorizer) *fixture {
	t.Helper()
	h := gatetest.New(t)
	store := sa.NewStore(gatetest.Account)
	opts := sa.HandlerOptions{}
	if authz != nil {
		opts.Authorizer = authz
	}
	h.Mount("/", gate.Service{Name: "sso-admin", SigningName: "sso", Family: awsauth.JSON,
		JSONContentType: wire.ContentTypeAWSJSON11, Handler: sa.NewHandler(store, opts)})
	h.Start(t)
	return &fixture{h: h, store: store, client: ssoadmin.NewFromConfig(h.Config(h.Admin)), inst: store.Instance().ARN}
}

func apiCode(t *testing.T, err error) (string, int) {
	t.Helper()
	code, status, _ := gatetest.APIError(t, err)
	return code, status
}

func (f *fixture) createTTI(t *testing.T, name, issuer string) string {
	t.Helper()
	out, err := f.client.CreateTrustedTokenIssuer(context.Background(), &ssoadmin.CreateTrustedTokenIssuerInput{
		InstanceArn: aws.String(f.inst), Name: aws.String(name), TrustedTokenIssuerType: types.TrustedTokenIssuerTypeOidcJwt,
		TrustedTokenIssuerConfiguration: &types.TrustedTokenIssuerConfigurationMemberOidcJwtConfiguration{Value: types.OidcJwtConfiguration{
			IssuerUrl: aws.String(issuer), ClaimAttributePath: aws.String("email"),
			IdentityStoreAttributePath: aws.String("emails.value"), JwksRetrievalOption: types.JwksRetrievalOptionOpenIdDiscovery,
		}},
	})
	if err != nil {
		t.Fatalf("CreateTrustedTokenIssuer: %v", err)
	}
	return aws.ToString(out.TrustedTokenIssuerArn)
}

func (f *fixture) createApp(t *testing.T, name string) string {
	t.Helper()
	out, err := f.client.CreateApplication(context.Background(), &ssoadmin.CreateApplicationInput{
		InstanceArn: aws.String(f.inst), Name: aws.String(name), ApplicationProviderArn: aws.String(sa.CustomProviderARN),
	})
	if err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
	return aws.ToString(out.ApplicationArn)
}

func TestInstance(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	out, err := f.client.ListInstances(ctx, &ssoadmin.ListInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Instances) != 1 || aws.ToString(out.Instances[0].InstanceArn) != f.inst || out.Instances[0].Status != types.InstanceStatusActive {
		t.Fatalf("instances = %+v", out.Instances)
	}
	d, err := f.client.DescribeInstance(ctx, &ssoadmin.DescribeInstanceInput{InstanceArn: aws.String(f.inst)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := aws.ToString(d.IdentityStoreId), f.store.Instance().IdentityStoreID; got != want || !strings.HasPrefix(got, "d-") {
		t.Fatalf("identity store = %q, want %q", got, want)
	}
	if d.CreatedDate == nil || d.CreatedDate.IsZero() {
		t.Fatal("no CreatedDate")
	}
}

func TestApplicationLifecycle(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	tti := f.createTTI(t, "corp-idp", "https://idp.example.com")
	app := f.createApp(t, "qbiz-api")

	steps := []struct {
		name string
		run  func() error
	}{
		{"assignment", func() error {
			_, err := f.client.PutApplicationAssignmentConfiguration(ctx, &ssoadmin.PutApplicationAssignmentConfigurationInput{ApplicationArn: aws.String(app), AssignmentRequired: aws.Bool(false)})
			return err
		}},
		{"jwt grant", func() error {
			_, err := f.client.PutApplicationGrant(ctx, &ssoadmin.PutApplicationGrantInput{ApplicationArn: aws.String(app),
				GrantType: types.GrantTypeJwtBearer, Grant: &types.GrantMemberJwtBearer{Value: types.JwtBearerGrant{
					AuthorizedTokenIssuers: []types.AuthorizedTokenIssuer{{TrustedTokenIssuerArn: aws.String(tti), AuthorizedAudiences: []string{"client-1"}}}}}})
			return err
		}},
		{"refresh grant", func() error {
			_, err := f.client.PutApplicationGrant(ctx, &ssoadmin.PutApplicationGrantInput{ApplicationArn: aws.String(app),
				GrantType: types.GrantTypeRefreshToken, Grant: &types.GrantMemberRefreshToken{}})
			return err
		}},
		{"auth method", func() error {
			_, err := f.client.PutApplicationAuthenticationMethod(ctx, &ssoadmin.PutApplicationAuthenticationMethodInput{
				ApplicationArn: aws.String(app), AuthenticationMethodType: types.AuthenticationMethodTypeIam,
				AuthenticationMethod: &types.AuthenticationMethodMemberIam{Value: types.IamAuthenticationMethod{ActorPolicy: document.NewLazyDocument(map[string]any{
					"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "sso-oauth:CreateTokenWithIAM",
						"Principal": map[string]any{"AWS": "arn:aws:iam::123456789012:role/app"}, "Resource": app}}})}}})
			return err
		}},
		{"scope 1", func() error {
			_, err := f.client.PutApplicationAccessScope(ctx, &ssoadmin.PutApplicationAccessScopeInput{ApplicationArn: aws.String(app), Scope: aws.String("qbusiness:conversations:access")})
			return err
		}},
		{"scope 2", func() error {
			_, err := f.client.PutApplicationAccessScope(ctx, &ssoadmin.PutApplicationAccessScopeInput{ApplicationArn: aws.String(app), Scope: aws.String("qbusiness:messages:access")})
			return err
		}},
		{"tag", func() error {
			_, err := f.client.TagResource(ctx, &ssoadmin.TagResourceInput{ResourceArn: aws.String(app), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}}})
			return err
		}},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}

	d, err := f.client.DescribeApplication(ctx, &ssoadmin.DescribeApplicationInput{ApplicationArn: aws.String(app)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.Name) != "qbiz-api" || d.Status != types.ApplicationStatusEnabled || aws.ToString(d.ApplicationAccount) != gatetest.Account {
		t.Fatalf("describe = %+v", d)
	}
	ac, err := f.client.GetApplicationAssignmentConfiguration(ctx, &ssoadmin.GetApplicationAssignmentConfigurationInput{ApplicationArn: aws.String(app)})
	if err != nil || aws.ToBool(ac.AssignmentRequired) {
		t.Fatalf("assignment = %+v, %v", ac, err)
	}
	g, err := f.client.GetApplicationGrant(ctx, &ssoadmin.GetApplicationGrantInput{ApplicationArn: aws.String(app), GrantType: types.GrantTypeJwtBearer})
	if err != nil {
		t.Fatal(err)
	}
	jb, ok := g.Grant.(*types.GrantMemberJwtBearer)
	if !ok || aws.ToString(jb.Value.AuthorizedTokenIssuers[0].TrustedTokenIssuerArn) != tti || jb.Value.AuthorizedTokenIssuers[0].AuthorizedAudiences[0] != "client-1" {
		t.Fatalf("grant = %#v", g.Grant)
	}
	lg, err := f.client.ListApplicationGrants(ctx, &ssoadmin.ListApplicationGrantsInput{ApplicationArn: aws.String(app)})
	if err != nil || len(lg.Grants) != 2 {
		t.Fatalf("grants = %+v, %v", lg, err)
	}
	am, err := f.client.GetApplicationAuthenticationMethod(ctx, &ssoadmin.GetApplicationAuthenticationMethodInput{ApplicationArn: aws.String(app), AuthenticationMethodType: types.AuthenticationMethodTypeIam})
	if err != nil {
		t.Fatal(err)
	}
	iam, ok := am.AuthenticationMethod.(*types.AuthenticationMethodMemberIam)
	if !ok {
		t.Fatalf("auth method = %#v", am.AuthenticationMethod)
	}
	var pol map[string]any
	if err := iam.Value.ActorPolicy.UnmarshalSmithyDocument(&pol); err != nil || pol["Version"] != "2012-10-17" {
		t.Fatalf("policy = %v, %v", pol, err)
	}
	ls, err := f.client.ListApplicationAccessScopes(ctx, &ssoadmin.ListApplicationAccessScopesInput{ApplicationArn: aws.String(app)})
	if err != nil || len(ls.Scopes) != 2 || aws.ToString(ls.Scopes[0].Scope) != "qbusiness:conversations:access" {
		t.Fatalf("scopes = %+v, %v", ls, err)
	}
	if got := f.store.Scopes(app); len(got) != 2 {
		t.Fatalf("store scopes = %v", got)
	}
	if _, ok := f.store.Grant(app, sa.GrantJWTBearer); !ok {
		t.Fatal("store has no jwt grant")
	}
	lt, err := f.client.ListTrustedTokenIssuers(ctx, &ssoadmin.ListTrustedTokenIssuersInput{InstanceArn: aws.String(f.inst)})
	if err != nil || len(lt.TrustedTokenIssuers) != 1 {
		t.Fatalf("ttis = %+v, %v", lt, err)
	}
	dt, err := f.client.DescribeTrustedTokenIssuer(ctx, &ssoadmin.DescribeTrustedTokenIssuerInput{TrustedTokenIssuerArn: aws.String(tti)})
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := dt.TrustedTokenIssuerConfiguration.(*types.TrustedTokenIssuerConfigurationMemberOidcJwtConfiguration); !ok || aws.ToString(c.Value.IssuerUrl) != "https://idp.example.com" {
		t.Fatalf("tti config = %#v", dt.TrustedTokenIssuerConfiguration)
	}

	// The TTI is in use until the application goes.
	_, err = f.client.DeleteTrustedTokenIssuer(ctx, &ssoadmin.DeleteTrustedTokenIssuerInput{TrustedTokenIssuerArn: aws.String(tti)})
	if code, status := apiCode(t, err); code != "ConflictException" || status != 409 {
		t.Fatalf("delete in-use tti = %s %d", code, status)
	}
	for _, del := range []func() error{
		func() error {
			_, err := f.client.DeleteApplicationAccessScope(ctx, &ssoadmin.DeleteApplicationAccessScopeInput{ApplicationArn: aws.String(app), Scope: aws.String("qbusiness:messages:access")})
			return err
		},
		func() error {
			_, err := f.client.DeleteApplicationAuthenticationMethod(ctx, &ssoadmin.DeleteApplicationAuthenticationMethodInput{ApplicationArn: aws.String(app), AuthenticationMethodType: types.AuthenticationMethodTypeIam})
			return err
		},
		func() error {
			_, err := f.client.DeleteApplicationGrant(ctx, &ssoadmin.DeleteApplicationGrantInput{ApplicationArn: aws.String(app), GrantType: types.GrantTypeRefreshToken})
			return err
		},
		func() error {
			_, err := f.client.DeleteApplication(ctx, &ssoadmin.DeleteApplicationInput{ApplicationArn: aws.String(app)})
			return err
		},
		func() error {
			_, err := f.client.DeleteTrustedTokenIssuer(ctx, &ssoadmin.DeleteTrustedTokenIssuerInput{TrustedTokenIssuerArn: aws.String(tti)})
			return err
		},
	} {
		if err := del(); err != nil {
			t.Fatal(err)
		}
	}
	_, err = f.client.DescribeApplication(ctx, &ssoadmin.DescribeApplicationInput{ApplicationArn: aws.String(app)})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("describe deleted = %v", err)
	}
}

func TestIdempotencyAndConflicts(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	in := &ssoadmin.CreateApplicationInput{InstanceArn: aws.String(f.inst), Name: aws.String("a1"),
		ApplicationProviderArn: aws.String(sa.CustomProviderARN), ClientToken: aws.String("tok-1")}
	first, err := f.client.CreateApplication(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.client.CreateApplication(ctx, in)
	if err != nil || aws.ToString(again.ApplicationArn) != aws.ToString(first.ApplicationArn) {
		t.Fatalf("replay = %v, %v", again, err)
	}
	in2 := *in
	in2.Description = aws.String("changed")
	_, err = f.client.CreateApplication(ctx, &in2)
	if code, status := apiCode(t, err); code != "ConflictException" || status != 409 {
		t.Fatalf("token reuse = %s %d", code, status)
	}
	in3 := *in
	in3.ClientToken = nil
	_, err = f.client.CreateApplication(ctx, &in3)
	var ce *types.ConflictException
	if !errors.As(err, &ce) {
		t.Fatalf("duplicate name = %v", err)
	}
	f.createTTI(t, "tti-a", "https://a.example.com")
	_, err = f.client.CreateTrustedTokenIssuer(ctx, &ssoadmin.CreateTrustedTokenIssuerInput{
		InstanceArn: aws.String(f.inst), Name: aws.String("tti-a"), TrustedTokenIssuerType: types.TrustedTokenIssuerTypeOidcJwt,
		TrustedTokenIssuerConfiguration: &types.TrustedTokenIssuerConfigurationMemberOidcJwtConfiguration{Value: types.OidcJwtConfiguration{
			IssuerUrl: aws.String("https://b.example.com"), ClaimAttributePath: aws.String("email"),
			IdentityStoreAttributePath: aws.String("emails.value"), JwksRetrievalOption: types.JwksRetrievalOptionOpenIdDiscovery}}})
	if !errors.As(err, &ce) {
		t.Fatalf("duplicate tti name = %v", err)
	}
}

func TestTrustedTokenIssuerQuota(t *testing.T) {
	f := newFixture(t, nil)
	for i := range sa.MaxTrustedTokenIssuers {
		f.createTTI(t, "tti-"+string(rune('a'+i)), "https://"+string(rune('a'+i))+".example.com")
	}
	_, err := f.client.CreateTrustedTokenIssuer(context.Background(), &ssoadmin.CreateTrustedTokenIssuerInput{
		InstanceArn: aws.String(f.inst), Name: aws.String("one-too-many"), TrustedTokenIssuerType: types.TrustedTokenIssuerTypeOidcJwt,
		TrustedTokenIssuerConfiguration: &types.TrustedTokenIssuerConfigurationMemberOidcJwtConfiguration{Value: types.OidcJwtConfiguration{
			IssuerUrl: aws.String("https://z.example.com"), ClaimAttributePath: aws.String("email"),
			IdentityStoreAttributePath: aws.String("emails.value"), JwksRetrievalOption: types.JwksRetrievalOptionOpenIdDiscovery}}})
	if code, status := apiCode(t, err); code != "ServiceQuotaExceededException" || status != 402 {
		t.Fatalf("quota = %s %d", code, status)
	}
}

func TestErrors(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	app := f.createApp(t, "errs")
	missingApp := f.inst[:0] + "arn:aws:sso::123456789012:application/" + f.store.Instance().ID() + "/apl-0000000000000000"
	tests := []struct {
		name       string
		call       func() error
		wantCode   string
		wantStatus int
	}{
		{"unsupported provider", func() error {
			_, err := f.client.CreateApplication(ctx, &ssoadmin.CreateApplicationInput{InstanceArn: aws.String(f.inst), Name: aws.String("x"), ApplicationProviderArn: aws.String("arn:aws:sso::aws:applicationProvider/catalog/x")})
			return err
		}, "ValidationException", 400},
		{"bad name", func() error {
			_, err := f.client.CreateApplication(ctx, &ssoadmin.CreateApplicationInput{InstanceArn: aws.String(f.inst), Name: aws.String("bad name!"), ApplicationProviderArn: aws.String(sa.CustomProviderARN)})
			return err
		}, "ValidationException", 400},
		{"unknown instance", func() error {
			_, err := f.client.ListApplications(ctx, &ssoadmin.ListApplicationsInput{InstanceArn: aws.String("arn:aws:sso:::instance/ssoins-0000000000000000")})
			return err
		}, "ResourceNotFoundException", 404},
		{"unknown app", func() error {
			_, err := f.client.DescribeApplication(ctx, &ssoadmin.DescribeApplicationInput{ApplicationArn: aws.String(missingApp)})
			return err
		}, "ResourceNotFoundException", 404},
		{"malformed app arn", func() error {
			_, err := f.client.DescribeApplication(ctx, &ssoadmin.DescribeApplicationInput{ApplicationArn: aws.String("arn:aws:sso::123:application/x")})
			return err
		}, "ValidationException", 400},
		{"missing grant", func() error {
			_, err := f.client.GetApplicationGrant(ctx, &ssoadmin.GetApplicationGrantInput{ApplicationArn: aws.String(app), GrantType: types.GrantTypeJwtBearer})
			return err
		}, "ResourceNotFoundException", 404},
		{"grant type mismatch", func() error {
			_, err := f.client.PutApplicationGrant(ctx, &ssoadmin.PutApplicationGrantInput{ApplicationArn: aws.String(app), GrantType: types.GrantTypeJwtBearer, Grant: &types.GrantMemberRefreshToken{}})
			return err
		}, "ValidationException", 400},
		{"authorization_code on custom app", func() error {
			_, err := f.client.PutApplicationGrant(ctx, &ssoadmin.PutApplicationGrantInput{ApplicationArn: aws.String(app), GrantType: types.GrantTypeAuthorizationCode,
				Grant: &types.GrantMemberAuthorizationCode{Value: types.AuthorizationCodeGrant{RedirectUris: []string{"https://x"}}}})
			return err
		}, "ValidationException", 400},
		{"grant names unknown tti", func() error {
			_, err := f.client.PutApplicationGrant(ctx, &ssoadmin.PutApplicationGrantInput{ApplicationArn: aws.String(app), GrantType: types.GrantTypeJwtBearer,
				Grant: &types.GrantMemberJwtBearer{Value: types.JwtBearerGrant{AuthorizedTokenIssuers: []types.AuthorizedTokenIssuer{{
					TrustedTokenIssuerArn: aws.String("arn:aws:sso::123456789012:trustedTokenIssuer/" + f.store.Instance().ID() + "/tti-00000000-0000-4000-8000-000000000000"), AuthorizedAudiences: []string{"a"}}}}}})
			return err
		}, "ResourceNotFoundException", 404},
		{"bad scope", func() error {
			_, err := f.client.PutApplicationAccessScope(ctx, &ssoadmin.PutApplicationAccessScopeInput{ApplicationArn: aws.String(app), Scope: aws.String("a:b:c:d")})
			return err
		}, "ValidationException", 400},
		{"bad identity store attribute", func() error {
			_, err := f.client.CreateTrustedTokenIssuer(ctx, &ssoadmin.CreateTrustedTokenIssuerInput{
				InstanceArn: aws.String(f.inst), Name: aws.String("t"), TrustedTokenIssuerType: types.TrustedTokenIssuerTypeOidcJwt,
				TrustedTokenIssuerConfiguration: &types.TrustedTokenIssuerConfigurationMemberOidcJwtConfiguration{Value: types.OidcJwtConfiguration{
					IssuerUrl: aws.String("https://t.example.com"), ClaimAttributePath: aws.String("email"),
					IdentityStoreAttributePath: aws.String("displayName"), JwksRetrievalOption: types.JwksRetrievalOptionOpenIdDiscovery}}})
			return err
		}, "ValidationException", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, status := apiCode(t, tt.call())
			if code != tt.wantCode || status != tt.wantStatus {
				t.Fatalf("got %s %d, want %s %d", code, status, tt.wantCode, tt.wantStatus)
			}
		})
	}
}

func TestAuthorization(t *testing.T) {
	h := gatetest.New(t)
	store := sa.NewStore(gatetest.Account)
	role := awsauth.Principal{Account: gatetest.Account, ARN: "arn:aws:sts::123456789012:assumed-role/ops/s", Kind: "assumed-role", RoleARN: "arn:aws:iam::123456789012:role/ops"}
	other := role
	other.ARN = "arn:aws:sts::123456789012:assumed-role/dev/s"
	authz := allowList{role.ARN + " sso:ListInstances": true}
	h.Mount("/", gate.Service{Name: "sso-admin", SigningName: "sso", Family: awsauth.JSON, JSONContentType: wire.ContentTypeAWSJSON11,
		Handler: sa.NewHandler(store, sa.HandlerOptions{Authorizer: authz})})
	h.Start(t)
	mint := func(p awsauth.Principal) *ssoadmin.Client {
		c, err := h.Gate.Authority.Mint(p, 3600e9)
		if err != nil {
			t.Fatal(err)
		}
		return ssoadmin.NewFromConfig(h.Config(c))
	}
	ctx := context.Background()
	if _, err := mint(role).ListInstances(ctx, &ssoadmin.ListInstancesInput{}); err != nil {
		t.Fatalf("allowed role: %v", err)
	}
	for _, c := range []*ssoadmin.Client{mint(other)} {
		_, err := c.ListInstances(ctx, &ssoadmin.ListInstancesInput{})
		if code, status := apiCode(t, err); code != "AccessDeniedException" || status != 403 {
			t.Fatalf("denied role = %s %d", code, status)
		}
	}
	_, err := mint(role).ListApplications(ctx, &ssoadmin.ListApplicationsInput{InstanceArn: aws.String(store.Instance().ARN)})
	if code, _ := apiCode(t, err); code != "AccessDeniedException" {
		t.Fatalf("role without action = %s", code)
	}
}

func TestWireQuirks(t *testing.T) {
	f := newFixture(t, nil)
	_, err := f.client.DescribeApplication(context.Background(), &ssoadmin.DescribeApplicationInput{ApplicationArn: aws.String("arn:aws:sso::123456789012:application/" + f.store.Instance().ID() + "/apl-0000000000000000")})
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatal(err)
	}
	if ct := re.Response.Header.Get("Content-Type"); ct != wire.ContentTypeAWSJSON11 {
		t.Fatalf("content type %q", ct)
	}
	// Unsigned requests never reach the handler.
	resp, err := http.Post(f.h.URL+"/", wire.ContentTypeAWSJSON11, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("unsigned status %d", resp.StatusCode)
	}
}

func TestSnapshotRestore(t *testing.T) {
	s := sa.NewStore(gatetest.Account)
	arn, err := s.CreateApplication(sa.Application{InstanceARN: s.Instance().ARN, Name: "x", ProviderARN: sa.CustomProviderARN, Status: "ENABLED"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutScope(arn, sa.AccessScope{Scope: "qbusiness:messages:access"}); err != nil {
		t.Fatal(err)
	}
	b, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	r := sa.NewStore("000000000000")
	if err := r.Restore(b); err != nil {
		t.Fatal(err)
	}
	if r.Instance() != s.Instance() {
		t.Fatalf("instance %+v != %+v", r.Instance(), s.Instance())
	}
	if _, ok := r.Application(arn); !ok || len(r.Scopes(arn)) != 1 {
		t.Fatal("application not restored")
	}
	if err := r.Restore([]byte("{")); err == nil {
		t.Fatal("restore accepted garbage")
	}
}
