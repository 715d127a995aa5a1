package iam_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"math/big"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/gate/gatetest"
	iamsvc "github.com/qbiz/qbiz/internal/sandbox/iam"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const acct = gatetest.Account

type fixture struct {
	h     *gatetest.Harness
	store *iamsvc.Store
	admin *iam.Client
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	h := gatetest.New(t)
	store := iamsvc.NewStore(acct)
	store.CreateUser("qbiz-admin")
	if err := store.AttachUserPolicy("qbiz-admin", iamsvc.AdministratorAccessARN); err != nil {
		t.Fatal(err)
	}
	h.Mount("POST /", gate.Service{Name: "iam", SigningName: "iam", Family: awsauth.Query, Namespace: wire.IAMNamespace,
		ThrottleCode: "Throttling", Handler: iamsvc.NewHandler(store, nil)})
	h.Start(t)
	return &fixture{h: h, store: store, admin: iam.NewFromConfig(h.Config(h.Admin))}
}

func apiErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || (msg != "" && ae.ErrorMessage() != msg) {
		t.Fatalf("error = %s: %q, want %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/idp.example.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"idp.example.com:aud":"client-1"}}}]}`

func TestOIDCProviders(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cases := []struct {
		name, url, code, msg string
	}{
		{"https", "https://idp.example.com", "", ""},
		{"trailing slash is distinct", "https://idp.example.com/", "", ""},
		{"loopback http", "http://127.0.0.1:8080/idp/oidc", "", ""},
		{"localhost http", "http://localhost:9999/idp", "", ""},
		{"ipv6 loopback", "http://[::1]:9999/idp", "", ""},
		{"duplicate", "https://idp.example.com", "EntityAlreadyExists", "Provider with url https://idp.example.com already exists."},
		{"plain http", "http://idp.example.com", "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"loopback without port", "http://127.0.0.1/idp", "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"https port", "https://idp.example.com:8443", "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"no scheme", "example.org", "ValidationError", "Invalid Open ID Connect Provider URL"},
		{"query", "https://idp.example.com/?a=b", "ValidationError", "Invalid Open ID Connect Provider URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := f.admin.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(tc.url), ClientIDList: []string{"client-1"}})
			if tc.code != "" {
				apiErr(t, err, tc.code, tc.msg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rest := tc.url[strings.Index(tc.url, "://")+3:]
			arnPath := rest
			if strings.HasPrefix(tc.url, "http://") {
				arnPath = strings.NewReplacer(":", "_", "[", "", "]", "").Replace(rest)
			}
			if want := "arn:aws:iam::" + acct + ":oidc-provider/" + arnPath; *out.OpenIDConnectProviderArn != want {
				t.Fatalf("arn = %s, want %s", *out.OpenIDConnectProviderArn, want)
			}
			got, err := f.admin.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: out.OpenIDConnectProviderArn})
			if err != nil || *got.Url != rest || got.ClientIDList[0] != "client-1" {
				t.Fatalf("get = %+v, %v", got, err)
			}
			if p, ok := f.store.OIDCProviderByURL(tc.url); !ok || p.ARN != *out.OpenIDConnectProviderArn {
				t.Fatalf("OIDCProviderByURL(%s) = %v", tc.url, ok)
			}
		})
	}
	arn := "arn:aws:iam::" + acct + ":oidc-provider/idp.example.com"
	if _, err := f.admin.AddClientIDToOpenIDConnectProvider(ctx, &iam.AddClientIDToOpenIDConnectProviderInput{OpenIDConnectProviderArn: &arn, ClientID: aws.String("client-2")}); err != nil {
		t.Fatal(err)
	}
	if p, _ := f.store.OIDCProviderByURL("https://idp.example.com"); len(p.ClientIDs) != 2 {
		t.Fatalf("client ids = %v", p.ClientIDs)
	}
	for range 2 { // idempotent: removing a client id the provider no longer lists is no error
		if _, err := f.admin.RemoveClientIDFromOpenIDConnectProvider(ctx, &iam.RemoveClientIDFromOpenIDConnectProviderInput{OpenIDConnectProviderArn: &arn, ClientID: aws.String("client-1")}); err != nil {
			t.Fatal(err)
		}
		if p, _ := f.store.OIDCProviderByURL("https://idp.example.com"); !slices.Equal(p.ClientIDs, []string{"client-2"}) {
			t.Fatalf("client ids after removing client-1 = %v", p.ClientIDs)
		}
	}
	unknown := "arn:aws:iam::" + acct + ":oidc-provider/nowhere.example.com"
	_, err := f.admin.RemoveClientIDFromOpenIDConnectProvider(ctx, &iam.RemoveClientIDFromOpenIDConnectProviderInput{OpenIDConnectProviderArn: &unknown, ClientID: aws.String("client-1")})
	apiErr(t, err, "NoSuchEntity", "OpenIDConnect Provider not found for arn "+unknown)
	list, err := f.admin.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil || len(list.OpenIDConnectProviderList) != 5 {
		t.Fatalf("list = %v, %v", list, err)
	}
	if _, err := f.admin.DeleteOpenIDConnectProvider(ctx, &iam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: &arn}); err != nil {
		t.Fatal(err)
	}
	_, err = f.admin.DeleteOpenIDConnectProvider(ctx, &iam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: &arn})
	apiErr(t, err, "NoSuchEntity", "OpenId connect Provider "+arn+" cannot be found.")
	_, err = f.admin.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: &arn})
	apiErr(t, err, "NoSuchEntity", "OpenIDConnect Provider not found for arn "+arn)
}

func TestRoles(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	out, err := f.admin.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("qbiz-user"), Path: aws.String("/app/"),
		AssumeRolePolicyDocument: aws.String(trust), MaxSessionDuration: aws.Int32(7200), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}})
	if err != nil {
		t.Fatal(err)
	}
	if *out.Role.Arn != "arn:aws:iam::"+acct+":role/app/qbiz-user" || !strings.HasPrefix(*out.Role.RoleId, "AROA") {
		t.Fatalf("role = %+v", out.Role)
	}
	got, err := f.admin.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("qbiz-user")})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := url.QueryUnescape(*got.Role.AssumeRolePolicyDocument)
	if doc != trust || *got.Role.MaxSessionDuration != 7200 || len(got.Role.Tags) != 1 {
		t.Fatalf("get role = %+v (doc %s)", got.Role, *got.Role.AssumeRolePolicyDocument)
	}
	if r, ok := f.store.Role(*out.Role.Arn); !ok || r.MaxSessionDuration != 2*time.Hour {
		t.Fatalf("store role = %+v", r)
	}
	errCases := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"duplicate", func() error {
			_, err := f.admin.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("QBIZ-USER"), AssumeRolePolicyDocument: aws.String(trust)})
			return err
		}, "EntityAlreadyExists", "Role with name QBIZ-USER already exists."},
		{"bad json", func() error {
			_, err := f.admin.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("x"), AssumeRolePolicyDocument: aws.String("{")})
			return err
		}, "MalformedPolicyDocument", "This policy contains invalid Json"},
		{"non sts action", func() error {
			_, err := f.admin.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("x"), AssumeRolePolicyDocument: aws.String(strings.Replace(trust, "sts:TagSession", "s3:GetObject", 1))})
			return err
		}, "MalformedPolicyDocument", "AssumeRole policy may only specify STS AssumeRole actions."},
		{"bad name", func() error {
			_, err := f.admin.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("a/b"), AssumeRolePolicyDocument: aws.String(trust)})
			return err
		}, "ValidationError", ""},
		{"max session too long", func() error {
			_, err := f.admin.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: aws.String("qbiz-user"), MaxSessionDuration: aws.Int32(50000)})
			return err
		}, "ValidationError", "1 validation error detected: Value '50000' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200"},
		{"unknown role", func() error {
			_, err := f.admin.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("nope")})
			return err
		}, "NoSuchEntity", "The role with name nope cannot be found."},
		{"attach unknown policy", func() error {
			_, err := f.admin.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("qbiz-user"), PolicyArn: aws.String("arn:aws:iam::" + acct + ":policy/nope")})
			return err
		}, "NoSuchEntity", "Policy arn:aws:iam::" + acct + ":policy/nope does not exist or is not attachable."},
		{"inline with principal", func() error {
			_, err := f.admin.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("qbiz-user"), PolicyName: aws.String("p"), PolicyDocument: aws.String(trust)})
			return err
		}, "MalformedPolicyDocument", "Policy document should not specify a principal."},
	}
	for _, tc := range errCases {
		t.Run(tc.name, func(t *testing.T) { apiErr(t, tc.call(), tc.code, tc.msg) })
	}
	if _, err := f.admin.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: aws.String("qbiz-user"), MaxSessionDuration: aws.Int32(43200)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.admin.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("qbiz-user"), PolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	roles, err := f.admin.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil || len(roles.Roles) != 1 || *roles.Roles[0].MaxSessionDuration != 43200 {
		t.Fatalf("list roles = %+v, %v", roles, err)
	}
	if _, err := f.admin.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String("qbiz-user"), Tags: []types.Tag{{Key: aws.String("b"), Value: aws.String("2")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.admin.UntagRole(ctx, &iam.UntagRoleInput{RoleName: aws.String("qbiz-user"), TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := f.admin.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: aws.String("qbiz-user")})
	if err != nil || len(tags.Tags) != 1 || *tags.Tags[0].Key != "b" {
		t.Fatalf("tags = %+v, %v", tags, err)
	}
}

const chatPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["qbusiness:Chat","qbusiness:ChatSync"],"Resource":"arn:aws:qbusiness:us-east-1:123456789012:application/*"}]}`

func TestPoliciesAndAuthorize(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	role, err := f.admin.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatal(err)
	}
	pol, err := f.admin.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("chat"), PolicyDocument: aws.String(chatPolicy)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.admin.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("chat"), PolicyDocument: aws.String(chatPolicy)})
	apiErr(t, err, "EntityAlreadyExists", "A policy called chat already exists. Duplicate names are not allowed.")
	_, err = f.admin.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("bad"), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}`)})
	apiErr(t, err, "MalformedPolicyDocument", "Policy statement must contain resources.")
	if _, err := f.admin.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: pol.Policy.Arn}); err != nil {
		t.Fatal(err)
	}
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"qbusiness:Chat","Resource":"*"}]}`
	if _, err := f.admin.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("nochat"), PolicyDocument: aws.String(deny)}); err != nil {
		t.Fatal(err)
	}
	gp, err := f.admin.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("nochat")})
	if d, _ := url.QueryUnescape(aws.ToString(gp.PolicyDocument)); err != nil || d != deny {
		t.Fatalf("get role policy = %v, %v", d, err)
	}
	att, err := f.admin.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("r")})
	if err != nil || len(att.AttachedPolicies) != 1 || *att.AttachedPolicies[0].PolicyName != "chat" {
		t.Fatalf("attached = %+v, %v", att, err)
	}
	gpol, err := f.admin.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: pol.Policy.Arn})
	if err != nil || *gpol.Policy.AttachmentCount != 1 {
		t.Fatalf("get policy = %+v, %v", gpol, err)
	}
	pv, err := f.admin.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: pol.Policy.Arn, VersionId: aws.String("v1")})
	if d, _ := url.QueryUnescape(aws.ToString(pv.PolicyVersion.Document)); err != nil || d != chatPolicy {
		t.Fatalf("policy version = %v, %v", d, err)
	}
	_, err = f.admin.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: pol.Policy.Arn})
	apiErr(t, err, "DeleteConflict", "Cannot delete a policy attached to entities.")
	_, err = f.admin.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("r")})
	apiErr(t, err, "DeleteConflict", "Cannot delete entity, must detach all policies first.")

	session := awsauth.Principal{Account: acct, Kind: "assumed-role", RoleARN: *role.Role.Arn, ARN: "arn:aws:sts::" + acct + ":assumed-role/r/s"}
	app := "arn:aws:qbusiness:us-east-1:" + acct + ":application/app-1"
	cases := []struct {
		name   string
		p      awsauth.Principal
		action string
		want   bool
	}{
		{"allowed", session, "qbusiness:ChatSync", true},
		{"explicit deny", session, "qbusiness:Chat", false},
		{"not granted", session, "qbusiness:DeleteApplication", false},
		{"other account", func() awsauth.Principal { p := session; p.Account = "999999999999"; return p }(), "qbusiness:ChatSync", false},
		{"unknown role", func() awsauth.Principal { p := session; p.RoleARN += "x"; return p }(), "qbusiness:ChatSync", false},
		{"admin user", gatetest.AdminPrincipal(), "qbusiness:DeleteApplication", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.store.Authorize(tc.p, tc.action, app, nil); got != tc.want {
				t.Fatalf("Authorize = %v, want %v", got, tc.want)
			}
		})
	}

	// Snapshot and restore keep everything.
	snap, err := f.store.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	other := iamsvc.NewStore(acct)
	if err := other.Restore(snap); err != nil {
		t.Fatal(err)
	}
	if !other.Authorize(session, "qbusiness:ChatSync", app, nil) {
		t.Fatal("restored store lost the role's policies")
	}
	if err := other.Restore([]byte("{")); err == nil {
		t.Fatal("Restore accepted garbage")
	}
}

func TestAccessDenied(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	arn := f.store.CreateUser("nobody")
	_, id, _ := f.store.User("nobody")
	creds := f.h.Gate.Authority.NewLongTermKey(awsauth.Principal{Account: acct, ARN: arn, UserID: id, Kind: "user"})
	client := iam.NewFromConfig(f.h.Config(creds))
	_, err := client.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trust)})
	apiErr(t, err, "AccessDenied", "User: "+arn+" is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::"+acct+":role/r")
	if err := f.store.AttachUserPolicy("nobody", iamsvc.AdministratorAccessARN); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
}

func TestSAMLProviders(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	md := testMetadata(t, "https://idp.example.com/saml")
	out, err := f.admin.CreateSAMLProvider(ctx, &iam.CreateSAMLProviderInput{Name: aws.String("corp"), SAMLMetadataDocument: aws.String(md)})
	if err != nil {
		t.Fatal(err)
	}
	if *out.SAMLProviderArn != "arn:aws:iam::"+acct+":saml-provider/corp" {
		t.Fatalf("arn = %s", *out.SAMLProviderArn)
	}
	got, err := f.admin.GetSAMLProvider(ctx, &iam.GetSAMLProviderInput{SAMLProviderArn: out.SAMLProviderArn})
	if err != nil || *got.SAMLMetadataDocument != md {
		t.Fatalf("get = %v", err)
	}
	if p, ok := f.store.SAMLProvider(*out.SAMLProviderArn); !ok || string(p.Metadata) != md || p.Name != "corp" {
		t.Fatal("store lost the metadata")
	}
	_, err = f.admin.CreateSAMLProvider(ctx, &iam.CreateSAMLProviderInput{Name: aws.String("short"), SAMLMetadataDocument: aws.String(strings.Repeat("x", 999))})
	apiErr(t, err, "ValidationError", "")
	_, err = f.admin.CreateSAMLProvider(ctx, &iam.CreateSAMLProviderInput{Name: aws.String("junk"), SAMLMetadataDocument: aws.String("<x>" + strings.Repeat("y", 1200) + "</x>")})
	apiErr(t, err, "InvalidInput", "Could not parse metadata.")
	if _, err := f.admin.UpdateSAMLProvider(ctx, &iam.UpdateSAMLProviderInput{SAMLProviderArn: out.SAMLProviderArn, SAMLMetadataDocument: aws.String(md)}); err != nil {
		t.Fatal(err)
	}
	list, err := f.admin.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
	if err != nil || len(list.SAMLProviderList) != 1 {
		t.Fatalf("list = %v", err)
	}
	if _, err := f.admin.DeleteSAMLProvider(ctx, &iam.DeleteSAMLProviderInput{SAMLProviderArn: out.SAMLProviderArn}); err != nil {
		t.Fatal(err)
	}
	_, err = f.admin.GetSAMLProvider(ctx, &iam.GetSAMLProviderInput{SAMLProviderArn: out.SAMLProviderArn})
	apiErr(t, err, "NoSuchEntity", "Manifest not found for arn "+*out.SAMLProviderArn)
}

func testMetadata(t *testing.T, entityID string) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "idp"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="` + entityID + `"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>` +
		base64.StdEncoding.EncodeToString(der) + `</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`
}
