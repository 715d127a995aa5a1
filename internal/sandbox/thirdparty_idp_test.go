package sandbox_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// http1IdP is a third-party OIDC issuer that speaks only HTTP/1.1, as most
// real IdPs do without TLS (node oidc-provider, Keycloak in dev mode).
type http1IdP struct {
	srv *httptest.Server
	key *rsa.PrivateKey

	mu     sync.Mutex
	protos []string
}

func newHTTP1IdP(t *testing.T) *http1IdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	idp := &http1IdP{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		idp.serveJSON(w, r, map[string]any{"issuer": idp.srv.URL, "jwks_uri": idp.srv.URL + "/jwks",
			"id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		idp.serveJSON(w, r, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	idp.srv = httptest.NewUnstartedServer(mux)
	idp.srv.Config.Protocols = new(http.Protocols)
	idp.srv.Config.Protocols.SetHTTP1(true)
	idp.srv.Start()
	t.Cleanup(idp.srv.Close)
	return idp
}

func (idp *http1IdP) serveJSON(w http.ResponseWriter, r *http.Request, v any) {
	idp.mu.Lock()
	idp.protos = append(idp.protos, r.Proto)
	idp.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (idp *http1IdP) idToken(t *testing.T, aud, sub string) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: idp.key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tok, err := jwt.Signed(signer).Claims(map[string]any{"iss": idp.srv.URL, "aud": aud, "sub": sub,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestThirdPartyIssuerOverHTTP1 registers an HTTP/1.1-only issuer as an
// IAM OIDC provider and redeems its token with the SDK's STS client: STS
// fetches discovery and JWKS over HTTP/1.1 and accepts it.
func TestThirdPartyIssuerOverHTTP1(t *testing.T) {
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioEmpty})
	idp := newHTTP1IdP(t)
	ctx := context.Background()
	admin := iam.NewFromConfig(w.cfg(w.admin()))
	prov, err := admin.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(idp.srv.URL), ClientIDList: []string{"third-party-app"}})
	if err != nil {
		t.Fatal(err)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + aws.ToString(prov.OpenIDConnectProviderArn) +
		`"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`
	role, err := admin.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("third-party"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatal(err)
	}
	out, err := sts.NewFromConfig(w.cfg(nil)).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: role.Role.Arn,
		RoleSessionName: aws.String("alice"), WebIdentityToken: aws.String(idp.idToken(t, "third-party-app", "alice-sub"))})
	if err != nil {
		t.Fatalf("AssumeRoleWithWebIdentity with an HTTP/1.1 issuer: %v", err)
	}
	if aws.ToString(out.SubjectFromWebIdentityToken) != "alice-sub" {
		t.Errorf("subject %q", aws.ToString(out.SubjectFromWebIdentityToken))
	}
	idp.mu.Lock()
	defer idp.mu.Unlock()
	if len(idp.protos) != 2 || idp.protos[0] != "HTTP/1.1" || idp.protos[1] != "HTTP/1.1" {
		t.Errorf("issuer fetched over %v, want discovery and JWKS over HTTP/1.1", idp.protos)
	}
}
