package sts_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func webTrust(host, providerARN string, actions string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + providerARN + `"},"Action":` + actions +
		`,"Condition":{"StringEquals":{"` + host + `:aud":"client-1","` + host + `:sub":"user-1"}}}]}`
}

func TestAssumeRoleWithWebIdentity(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	prov, err := f.iam.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(f.idp.issuer), ClientIDList: []string{"client-1"}})
	if err != nil {
		t.Fatal(err)
	}
	pARN := *prov.OpenIDConnectProviderArn
	role := f.createRole(t, "web", webTrust(f.idp.host(), pARN, `["sts:AssumeRoleWithWebIdentity","sts:TagSession"]`), 7200)
	noTag := f.createRole(t, "web-notag", webTrust(f.idp.host(), pARN, `"sts:AssumeRoleWithWebIdentity"`), 3600)

	good := sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(nil))
	out, err := f.sts.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: &role, RoleSessionName: aws.String("mary"), WebIdentityToken: &good})
	if err != nil {
		t.Fatal(err)
	}
	if *out.AssumedRoleUser.Arn != "arn:aws:sts::"+acct+":assumed-role/web/mary" || *out.SubjectFromWebIdentityToken != "user-1" ||
		*out.Audience != "client-1" || *out.Provider != pARN || !strings.HasPrefix(*out.Credentials.AccessKeyId, "ASIA") {
		t.Fatalf("output = %+v / %+v", out, out.AssumedRoleUser)
	}
	if d := time.Until(*out.Credentials.Expiration); d < 59*time.Minute || d > 61*time.Minute {
		t.Fatalf("expiration in %v, want 1h", d)
	}
	_, p, err := f.h.Gate.Authority.Resolve(*out.Credentials.AccessKeyId, *out.Credentials.SessionToken)
	if err != nil || p.Email() != "mary@example.com" || p.Federation == nil || p.Federation.Subject != "user-1" || p.TransitiveTagKeys[0] != "Email" {
		t.Fatalf("principal = %+v, %v", p, err)
	}
	who, err := f.stsAs(aws.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretAccessKey, SessionToken: *out.Credentials.SessionToken}).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *who.Arn != *out.AssumedRoleUser.Arn || *who.Account != acct || !strings.HasPrefix(*who.UserId, "AROA") || !strings.HasSuffix(*who.UserId, ":mary") {
		t.Fatalf("caller identity = %+v, %v", who, err)
	}

	noTags := func(c map[string]any) { delete(c, "https://aws.amazon.com/tags") }
	cases := []struct {
		name, role, token string
		duration          int32
		code, msg         string
	}{
		{"es256 ok without tags", noTag, sign(t, f.idp.ecKey, jose.ES256, "ec1", f.idp.claims(noTags)), 0, "", ""},
		{"duration within role max", role, good, 7200, "", ""},
		{"duration above role max", noTag, sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(noTags)), 7200, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{"bad signature", role, sign(t, f.idp.other, jose.RS256, "rsa1", f.idp.claims(nil)), 0, "InvalidIdentityToken", "The web identity token signature could not be verified."},
		{"unknown kid", role, sign(t, f.idp.other, jose.RS256, "nope", f.idp.claims(nil)), 0, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"},
		{"alg none", role, unsigned(f.idp.claims(nil)), 0, "InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"},
		{"hs256", role, sign(t, []byte("0123456789abcdef0123456789abcdef"), jose.HS256, "rsa1", f.idp.claims(nil)), 0, "InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"},
		{"wrong aud", role, sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(func(c map[string]any) { c["aud"] = "other" })), 0, "InvalidIdentityToken", "Incorrect token audience"},
		{"missing aud", role, sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(func(c map[string]any) { delete(c, "aud") })), 0, "InvalidIdentityToken", "Missing a required claim: aud"},
		{"expired", role, sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(func(c map[string]any) { c["exp"] = int64(1731095240) })), 0, "ExpiredTokenException", ""},
		{"wrong iss", role, sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(func(c map[string]any) { c["iss"] = "https://evil.example.com" })), 0, "InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://evil.example.com"},
		{"iss trailing slash", role, sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(func(c map[string]any) { c["iss"] = f.idp.issuer + "/" })), 0, "InvalidIdentityToken", "No OpenIDConnect provider found in your account for " + f.idp.issuer + "/"},
		{"untrusted sub", role, sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(func(c map[string]any) { c["sub"] = "user-2" })), 0, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{"tags without TagSession", noTag, good, 0, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{"unknown role", "arn:aws:iam::" + acct + ":role/nope", good, 0, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{"bad role arn", "nothing-valid-in-here", good, 0, "ValidationError", "nothing-valid-in-here is invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(tc.role), RoleSessionName: aws.String("s1"), WebIdentityToken: aws.String(tc.token)}
			if tc.duration != 0 {
				in.DurationSeconds = aws.Int32(tc.duration)
			}
			_, err := f.sts.AssumeRoleWithWebIdentity(ctx, in)
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
	t.Run("expired message", func(t *testing.T) {
		_, err := f.sts.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: &role, RoleSessionName: aws.String("s1"),
			WebIdentityToken: aws.String(sign(t, f.idp.key, jose.RS256, "rsa1", f.idp.claims(func(c map[string]any) { c["exp"] = int64(1731095240) })))})
		if err == nil || !strings.Contains(err.Error(), "must be before the expiration date/time 1731095240") {
			t.Fatalf("err = %v", err)
		}
	})
}

func postRaw(t *testing.T, u, body string, hdr http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := new(strings.Builder)
	_, _ = ioCopy(b, resp.Body)
	return resp.StatusCode, b.String()
}
