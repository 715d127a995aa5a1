package diagnose

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

const (
	role     = "arn:aws:iam::123456789012:role/acme-web-experience-role"
	issuer   = "https://idp.example.com/oauth2"
	provider = "arn:aws:iam::123456789012:oidc-provider/idp.example.com/oauth2"
)

func jwt(t *testing.T, claims map[string]any) string {
	t.Helper()
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(b) + ".c2ln"
}

func token(t *testing.T, drop ...string) Token {
	t.Helper()
	c := map[string]any{"iss": issuer, "sub": "00u1", "aud": "qbiz-web", "email": "mary@example.com",
		TagsClaim: map[string]any{"principal_tags": map[string][]string{"Email": {"mary@example.com"}}}}
	for _, d := range drop {
		delete(c, d)
	}
	tok, err := ParseToken(jwt(t, c))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// trustPolicy is the policy qbiz admin apply writes, with aud as given.
func trustPolicy(aud, federated string) string {
	return `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":{"Federated":"` + federated + `"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"idp.example.com/oauth2:aud":"` + aud + `"}}},` +
		`{"Effect":"Allow","Principal":{"Federated":"` + federated + `"},"Action":"sts:TagSession","Condition":{"StringLike":{"aws:RequestTag/Email":"*"}}}]}`
}

func TestParseToken(t *testing.T) {
	tok := token(t)
	if tok.Issuer != issuer || tok.Subject != "00u1" || len(tok.Audience) != 1 || tok.Audience[0] != "qbiz-web" ||
		!tok.HasTagsClaim || tok.PrincipalTags["Email"][0] != "mary@example.com" {
		t.Fatalf("ParseToken = %+v", tok)
	}
	if _, err := ParseToken("not.a-jwt"); err == nil {
		t.Fatal("ParseToken accepted two parts")
	}
	arr, err := ParseToken(jwt(t, map[string]any{"aud": []string{"a", "b"}}))
	if err != nil || len(arr.Audience) != 2 {
		t.Fatalf("aud array: %+v %v", arr, err)
	}
}

func TestTrust(t *testing.T) {
	tests := []struct {
		name, doc string
		tok       Token
		want      []string // substrings of What and Fix; none: no finding
	}{
		{"allows", trustPolicy("qbiz-web", provider), token(t), nil},
		{"URL-encoded as IAM returns it", url.QueryEscape(trustPolicy("qbiz-web", provider)), token(t), nil},
		{"aud", trustPolicy("another-client", provider), token(t),
			[]string{`idp.example.com/oauth2:aud StringEquals ["another-client"], and this sign-in's is "qbiz-web"`, `set the condition StringEquals idp.example.com/oauth2:aud to "qbiz-web"`}},
		{"principal", trustPolicy("qbiz-web", "arn:aws:iam::123456789012:oidc-provider/other.example.com"), token(t),
			[]string{"it trusts Federated [arn:aws:iam::123456789012:oidc-provider/other.example.com], not " + provider, "Principal.Federated to " + provider}},
		{"no TagSession while the token carries tags",
			`{"Statement":{"Effect":"Allow","Principal":{"Federated":"` + provider + `"},"Action":"sts:AssumeRoleWithWebIdentity"}}`, token(t),
			[]string{"has no statement allowing sts:TagSession", "add a statement allowing sts:TagSession to Federated " + provider}},
		{"no TagSession needed without tags",
			`{"Statement":{"Effect":"Allow","Principal":{"Federated":"` + provider + `"},"Action":"sts:AssumeRoleWithWebIdentity"}}`, token(t, TagsClaim), nil},
		{"deny", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:*"},{"Sid":"NoMary","Effect":"Deny","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"idp.example.com/oauth2:email":"mary@*"}}}]}`,
			token(t), []string{`statement "NoMary"`, "denies sts:AssumeRoleWithWebIdentity"}},
		{"condition key the token lacks", `{"Statement":{"Effect":"Allow","Principal":{"Federated":"` + provider + `"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"idp.example.com/oauth2:amr":"mfa"}}}}`,
			token(t), []string{"which this sign-in does not carry"}},
		{"not a policy", "nope", token(t), []string{"cannot be read"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Trust(tt.doc, WebIdentityRequest(role, tt.tok))
			if len(tt.want) == 0 {
				if !f.OK() {
					t.Fatalf("finding %+v, want none", f)
				}
				return
			}
			for _, w := range tt.want {
				if !strings.Contains(f.What+" | "+f.Fix, w) {
					t.Errorf("finding %+v lacks %q", f, w)
				}
			}
		})
	}
}

func TestTagClaim(t *testing.T) {
	if f := TagClaim(token(t)); !f.OK() {
		t.Fatalf("a token with the Email tag: %+v", f)
	}
	f := TagClaim(token(t, TagsClaim))
	if f.OK() || !strings.Contains(f.What, "no "+TagsClaim+" claim") || !strings.Contains(f.Fix, "client qbiz-web") {
		t.Fatalf("a token without the claim: %+v", f)
	}
	noEmail, _ := ParseToken(jwt(t, map[string]any{"aud": "x", TagsClaim: map[string]any{"principal_tags": map[string][]string{"Dept": {"x"}}}}))
	if f := TagClaim(noEmail); f.OK() || !strings.Contains(f.What, "no single principal tag Email") {
		t.Fatalf("a claim without Email: %+v", f)
	}
}

func TestIdentityType(t *testing.T) {
	if f := IdentityType(identity.ModeOIDC, "app", "AWS_IAM_IDP_OIDC"); !f.OK() {
		t.Fatalf("matching type: %+v", f)
	}
	f := IdentityType(identity.ModeOIDC, "app", "AWS_IAM_IDC")
	if f.OK() || !strings.Contains(f.What, "identity type AWS_IAM_IDC") || !strings.Contains(f.Fix, "--mode idc") {
		t.Fatalf("mismatch: %+v", f)
	}
}

func TestProviderAudience(t *testing.T) {
	if f := ProviderAudience(provider, []string{"a", "qbiz-web"}, token(t)); !f.OK() {
		t.Fatalf("listed: %+v", f)
	}
	if f := ProviderAudience(provider, []string{"a"}, token(t)); f.OK() || !strings.Contains(f.Fix, "add qbiz-web") {
		t.Fatalf("not listed: %+v", f)
	}
}

func TestLike(t *testing.T) {
	for _, tt := range []struct {
		p, s string
		want bool
	}{{"*", "", true}, {"a*c", "a/b/c", true}, {"a?c", "abc", true}, {"a?c", "ac", false}, {"sts:*", "sts:tagsession", true}, {"x", "y", false}} {
		if got := like(tt.p, tt.s); got != tt.want {
			t.Errorf("like(%q, %q) = %v", tt.p, tt.s, got)
		}
	}
}
