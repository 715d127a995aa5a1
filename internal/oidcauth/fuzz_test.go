package oidcauth

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// FuzzCallback feeds arbitrary callback queries through every check that
// runs before a token request: no panic, and nothing is accepted unless it
// carries the transaction's exact state and the provider's issuer.
func FuzzCallback(f *testing.F) {
	for _, seed := range []string{
		"code=c&state=S&iss=https%3A%2F%2Fidp.example.com", "code=c&state=S", "error=access_denied&state=S",
		"state=S&state=S&code=c", "code=c&state=x", "iss=&code=&state=", "%zz", "code=c&state=S&iss=https%3A%2F%2Fevil.test",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		rp := bareRP(true)
		tx := &Transaction{State: "S", Nonce: "n", Verifier: "v", RedirectURL: "r", CreatedAt: t0, Issuer: rp.md.Issuer}
		v, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		cb, err := rp.checkCallback(tx, v)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if cb.state != "S" || cb.iss != rp.md.Issuer || cb.code == "" || cb.errCode != "" {
			t.Fatalf("accepted %q as %+v", query, cb)
		}
	})
}

func FuzzParseJWKS(f *testing.F) {
	f.Add(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}`)
	f.Add(`{"keys":[{"kty":"AKP","alg":"ML-DSA-44","pub":"AA"},{"kty":"XYZ"}]}`)
	f.Add(`{"keys":[{"kty":"oct","k":"AA"}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		keys, err := parseJWKS([]byte(body))
		for _, k := range keys {
			if !k.IsPublic() || k.Use == "enc" {
				t.Fatalf("unusable key kept: %+v", k)
			}
		}
		if err == nil && len(keys) == 0 {
			t.Fatal("no keys and no error")
		}
	})
}

func FuzzCheckHeader(f *testing.F) {
	f.Add("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
	f.Add("a.b.c.d.e")
	f.Fuzz(func(t *testing.T, token string) {
		if err := checkHeader(token); err != nil && !errors.Is(err, ErrSignature) {
			t.Fatalf("unclassified error %v", err)
		}
	})
}
