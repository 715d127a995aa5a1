package sts_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// webIdentityRole registers the test IdP and a role that trusts it, with
// sts:TagSession, and returns the role's ARN.
func (f *fixture) webIdentityRole(t *testing.T) string {
	t.Helper()
	prov, err := f.iam.CreateOpenIDConnectProvider(context.Background(), &iam.CreateOpenIDConnectProviderInput{
		Url: aws.String(f.idp.issuer), ClientIDList: []string{"client-1"}})
	if err != nil {
		t.Fatal(err)
	}
	return f.createRole(t, "web", webTrust(f.idp.host(), *prov.OpenIDConnectProviderArn, `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`), 3600)
}

// STS-03 at the emulator: RoleSessionName is taken as STS takes it,
// 2 to 64 characters of [\w+=,.@-]. A name that only looks hostile
// ("admin@corp", commas) is accepted as AWS accepts it; each refused name
// breaks one constraint. Caller-supplied Tags, TransitiveTagKeys,
// SourceIdentity, ProvidedContexts and policies are refused on this call
// (TestAssumeRoleWithWebIdentity, "caller supplied identity parameters").
func TestSTS03_RoleSessionNames(t *testing.T) {
	f := newFixture(t)
	role := f.webIdentityRole(t)
	token := sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(nil))
	lengthMin := "1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"
	lengthMax := "1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64"
	pattern := "1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"
	cases := []struct {
		name, session, msg string
	}{
		{"looks like an administrator", "admin@corp", ""},
		{"commas and every allowed sign", "a,b+c=d.e@f-g_h", ""},
		{"64 characters", strings.Repeat("a", 64), ""},
		{"one character", "a", lengthMin},
		{"65 characters", strings.Repeat("a", 65), lengthMax},
		{"space", "mary major", pattern},
		{"control characters", "mary\r\n", pattern},
		{"slash", "role/admin", pattern},
		{"non-ASCII", "josé", pattern},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := f.sts.AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{
				RoleArn: aws.String(role), RoleSessionName: aws.String(tc.session), WebIdentityToken: aws.String(token)})
			if tc.msg == "" {
				if err != nil {
					t.Fatalf("positive twin: %v", err)
				}
				if !strings.HasSuffix(*out.AssumedRoleUser.Arn, "/"+tc.session) {
					t.Fatalf("session %s, want it named %s", *out.AssumedRoleUser.Arn, tc.session)
				}
				return
			}
			value := tc.session
			if len(value) > 64 {
				value = value[:64] + "..."
			}
			wantAPIError(t, err, "ValidationError", strings.Replace(tc.msg, "%s", value, 1))
		})
	}
}

// STS-03: the federation call takes no identity from the caller: Tags,
// TransitiveTagKeys, SourceIdentity, ProvidedContexts and managed session policies
// are refused by name (the request is otherwise valid: the positive twin).
func TestSTS03_CallerIdentityParametersRefused(t *testing.T) {
	f := newFixture(t)
	role := f.webIdentityRole(t)
	token := sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(nil))
	notValid := "The parameter %s" // the rest: " is not valid for the AssumeRoleWithWebIdentity action."
	cases := []struct{ extra, msg string }{
		{"", ""},
		{"Tags.member.1.Key=Email&Tags.member.1.Value=evil%40example.com", fmt.Sprintf(notValid, "Tags.member.1.")},
		{"TransitiveTagKeys.member.1=Email", fmt.Sprintf(notValid, "TransitiveTagKeys.member.1 is not valid")},
		{"SourceIdentity=evil", fmt.Sprintf(notValid, "SourceIdentity is not valid")},
		{"ProvidedContexts.member.1.ProviderArn=x", fmt.Sprintf(notValid, "ProvidedContexts.member.1.ProviderArn is not valid")},
		{"PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess", "Managed session policies (PolicyArns) are not supported by the sandbox"},
	}
	for _, tc := range cases {
		form := url.Values{"Action": {"AssumeRoleWithWebIdentity"}, "Version": {"2011-06-15"}, "RoleArn": {role},
			"RoleSessionName": {"mary"}, "WebIdentityToken": {token}}
		body := form.Encode()
		if tc.extra != "" {
			body += "&" + tc.extra
		}
		status, resp := postRaw(t, f.h.URL, body, nil)
		if tc.msg == "" {
			if status != 200 {
				t.Fatalf("positive twin: status %d body %s", status, resp)
			}
			continue
		}
		if status != 400 || !strings.Contains(resp, "<Code>ValidationError</Code>") || !strings.Contains(resp, "<Message>"+tc.msg) {
			t.Errorf("%s: status %d body %s, want ValidationError %q", tc.extra, status, resp, tc.msg)
		}
	}
}

// The claims STS requires, each missing or out of its window on its own,
// and a token that carries its own key.
func TestWebIdentityTokenClaims(t *testing.T) {
	f := newFixture(t)
	role := f.webIdentityRole(t)
	now := time.Now()
	claims := func(mod func(map[string]any)) string {
		return sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(mod))
	}
	cases := []struct {
		name, token, code, msg string
	}{
		{"positive twin", claims(nil), "", ""},
		{"no sub", claims(func(c map[string]any) { delete(c, "sub") }), "InvalidIdentityToken", "Missing a required claim: sub"},
		{"no exp", claims(func(c map[string]any) { delete(c, "exp") }), "InvalidIdentityToken", "Missing a required claim: exp"},
		{"nbf in the future", claims(func(c map[string]any) { c["nbf"] = now.Add(10 * time.Minute).Unix() }), "InvalidIdentityToken", ""},
		{"iat beyond the clock skew", claims(func(c map[string]any) { c["iat"] = now.Add(10 * time.Minute).Unix() }), "InvalidIdentityToken", "Token issued in the future"},
		{"iat within the clock skew", claims(func(c map[string]any) { c["iat"] = now.Add(time.Minute).Unix() }), "", ""},
		{"embedded jwk", embeddedJWK(t, f, f.idp.claims(nil)), "InvalidIdentityToken",
			"The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.sts.AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{
				RoleArn: aws.String(role), RoleSessionName: aws.String("s1"), WebIdentityToken: aws.String(tc.token)})
			if tc.code == "" {
				if err != nil {
					t.Fatalf("positive twin: %v", err)
				}
				return
			}
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
}

// embeddedJWK signs claims with the IdP's own key under its kid, and puts
// the public key in the header too: STS takes keys only from the JWKS.
func embeddedJWK(t *testing.T, f *fixture, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: f.idp.key},
		(&jose.SignerOptions{EmbedJWK: true}).WithType("JWT").WithHeader("kid", "rsa1"))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.Signed(s).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// STS-06 (fail closed when STS fails): the emulator's 5xx and throttling
// answers in STS's own error shapes, and a client that fails closed on
// them, are exercised through the whole sandbox in the awscreds package
// (TestSTS06FailuresFailClosed); ExpiredTokenException and AccessDenied are
// cases of TestAssumeRoleWithWebIdentity.
//
// STS-02 (AssumeRoleWithSAML rules: a Role pair the assertion does not
// grant, a Recipient or Audience that is not AWS sign-in, no
// RoleSessionName, an expired assertion, the session duration) is
// TestAssumeRoleWithSAML and TestAssumeRoleWithSAMLChecks.
