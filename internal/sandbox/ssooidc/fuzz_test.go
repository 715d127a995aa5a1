package ssooidc

import (
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
)

// FuzzDecodeRequest checks the CreateTokenWithIAM body decoder never panics
// and that whatever it accepts is within bounds.
func FuzzDecodeRequest(f *testing.F) {
	for _, sd := range []string{`{}`, `{"clientId":"arn:aws:sso::123456789012:application/ssoins-0000000000000000/apl-0000000000000000","grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"a.b.c","scope":["openid"]}`,
		`{"clientId":"x","grantType":"refresh_token","refreshToken":"aor"}`, `{"clientId":1}`, `{"scope":"x"}`, `[]`, ``} {
		f.Add("application/json", []byte(sd))
	}
	f.Add("text/plain", []byte(`{}`))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		if len(body) > 1<<17 {
			return
		}
		req, err := decodeRequest(ct, body)
		if err != nil {
			if err.Status != 400 {
				t.Fatalf("status %d", err.Status)
			}
			return
		}
		if req.ClientID == "" || req.GrantType == "" || len(req.Assertion) > maxField || len(req.Scope) > 25 {
			t.Fatalf("accepted out-of-bounds request %+v", req)
		}
	})
}

// FuzzActorPolicy checks policy evaluation on arbitrary documents.
func FuzzActorPolicy(f *testing.F) {
	for _, sd := range []string{`{"Statement":{"Effect":"Allow","Action":"sso-oauth:*","Principal":"*"}}`,
		`{"Statement":[{"Effect":"Allow","Action":["sso-oauth:CreateTokenWithIAM"],"Principal":{"AWS":["123456789012"]},"Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Deny","Action":"*","Principal":{"AWS":"*"}}]}`, `null`, `{"Statement":[1]}`} {
		f.Add([]byte(sd))
	}
	p := awsauth.Principal{Account: "123456789012", ARN: "arn:aws:iam::123456789012:user/a", Kind: "user"}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if len(doc) > 1<<14 {
			return
		}
		_ = actorAllowed(doc, p, "arn:aws:sso::123456789012:application/ssoins-0000000000000000/apl-0000000000000000")
	})
}

// FuzzClaimString checks claim path lookups on arbitrary paths.
func FuzzClaimString(f *testing.F) {
	for _, sd := range []string{"email", "a.b", "a.b.c", ".", "", "preferred_username"} {
		f.Add(sd)
	}
	claims := map[string]any{"email": "e@x", "a": map[string]any{"b": map[string]any{"c": "v"}}}
	f.Fuzz(func(t *testing.T, path string) {
		_, _ = claimString(claims, path)
	})
}

func TestWildcardMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true}, {"sso-oauth:*", "sso-oauth:createtokenwithiam", true}, {"sso-oauth:create?oken*", "sso-oauth:createtokenwithiam", true},
		{"sso:*", "sso-oauth:x", false}, {"a*b*c", "axxbyyc", true}, {"a*b*c", "axxbyy", false}, {"", "", true}, {"", "a", false},
		{"*a*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
	}
	for _, tt := range tests {
		if got := wildcardMatch(tt.pattern, tt.s); got != tt.want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}
