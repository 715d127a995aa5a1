package ssoadmin

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
)

// FuzzHandler drives every operation's body decoding and validation with
// arbitrary JSON; any answer but a panic or a 5xx is acceptable.
func FuzzHandler(f *testing.F) {
	s := NewStore("123456789012")
	inst := s.Instance().ARN
	app, _ := s.CreateApplication(Application{InstanceARN: inst, Name: "a", ProviderARN: CustomProviderARN, Status: "ENABLED"})
	names := make([]string, 0, len(operations()))
	for n := range operations() {
		names = append(names, n)
	}
	sort.Strings(names)
	seeds := []string{
		`{}`, `{"InstanceArn":"` + inst + `"}`, `{"ApplicationArn":"` + app + `","GrantType":"refresh_token","Grant":{"RefreshToken":{}}}`,
		`{"ApplicationArn":"` + app + `","Scope":"qbusiness:messages:access"}`,
		`{"ApplicationArn":"` + app + `","AuthenticationMethodType":"IAM","AuthenticationMethod":{"Iam":{"ActorPolicy":{"Version":"2012-10-17"}}}}`,
		`{"InstanceArn":"` + inst + `","Name":"t","TrustedTokenIssuerType":"OIDC_JWT","TrustedTokenIssuerConfiguration":{"OidcJwtConfiguration":{"IssuerUrl":"https://x","ClaimAttributePath":"email","IdentityStoreAttributePath":"emails.value","JwksRetrievalOption":"OPEN_ID_DISCOVERY"}}}`,
		`{"MaxResults":0,"NextToken":"!!"}`, `[`, `{"Grant":{"JwtBearer":{"AuthorizedTokenIssuers":[{}]},"RefreshToken":{}}}`,
	}
	for i, sd := range seeds {
		f.Add(uint8(i), []byte(sd))
	}
	h := NewHandler(s, HandlerOptions{})
	admin := &awsauth.Verified{Principal: awsauth.Principal{Account: "123456789012", ARN: "arn:aws:iam::123456789012:user/a", Kind: "user"}}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		if len(body) > 1<<16 {
			return
		}
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		r.Header.Set("X-Amz-Target", targetPrefix+names[int(op)%len(names)])
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		r = r.WithContext(awsauth.WithVerified(r.Context(), admin))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d for %s: %s", w.Code, names[int(op)%len(names)], w.Body.String())
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("invalid JSON response %q", w.Body.String())
		}
	})
}
