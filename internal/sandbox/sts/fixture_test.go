package sts_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/gate/gatetest"
	iamsvc "github.com/qbiz/qbiz/internal/sandbox/iam"
	stssvc "github.com/qbiz/qbiz/internal/sandbox/sts"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const acct = gatetest.Account

type fixture struct {
	h     *gatetest.Harness
	store *iamsvc.Store
	iam   *iam.Client
	sts   *sts.Client
	idp   *testIdP
}

// lifetime lets a test shorten minted credentials.
var lifetime func(time.Duration) time.Duration

func newFixture(t *testing.T) *fixture {
	t.Helper()
	h := gatetest.New(t)
	store := iamsvc.NewStore(acct)
	store.CreateUser("qbiz-admin")
	if err := store.AttachUserPolicy("qbiz-admin", iamsvc.AdministratorAccessARN); err != nil {
		t.Fatal(err)
	}
	h.Mount("POST /iam/", gate.Service{Name: "iam", SigningName: "iam", Family: awsauth.Query, Namespace: wire.IAMNamespace,
		Handler: iamsvc.NewHandler(store, nil)})
	h.Mount("POST /", gate.Service{Name: "sts", SigningName: "sts", Family: awsauth.Query, Namespace: wire.STSNamespace,
		Anonymous: stssvc.Anonymous, Handler: stssvc.New(stssvc.Options{Account: acct, Region: gatetest.Region,
			Authority: h.Gate.Authority, IAM: store, Lifetime: func(d time.Duration) time.Duration {
				if lifetime != nil {
					return lifetime(d)
				}
				return d
			}})})
	h.Start(t)
	cfg := h.Config(h.Admin)
	f := &fixture{h: h, store: store, sts: sts.NewFromConfig(cfg),
		iam: iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = aws.String(h.URL + "/iam/") })}
	f.idp = newTestIdP(t)
	return f
}

func (f *fixture) stsAs(creds aws.Credentials) *sts.Client {
	return sts.NewFromConfig(f.h.Config(awsauth.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}))
}

func (f *fixture) createRole(t *testing.T, name, trust string, maxSeconds int32) string {
	t.Helper()
	out, err := f.iam.CreateRole(context.Background(), &iam.CreateRoleInput{RoleName: aws.String(name),
		AssumeRolePolicyDocument: aws.String(trust), MaxSessionDuration: aws.Int32(maxSeconds)})
	if err != nil {
		t.Fatal(err)
	}
	return *out.Role.Arn
}

func wantAPIError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || (msg != "" && ae.ErrorMessage() != msg) {
		t.Fatalf("error = %s: %q, want %s: %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

// testIdP serves OIDC discovery and a JWKS and signs tokens.
type testIdP struct {
	srv    *httptest.Server
	issuer string
	key    *rsa.PrivateKey
	ecKey  *ecdsa.PrivateKey
	other  *rsa.PrivateKey
}

func newTestIdP(t *testing.T) *testIdP {
	t.Helper()
	p := &testIdP{}
	var err error
	if p.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if p.other, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if p.ecKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": p.issuer, "jwks_uri": p.issuer + "/jwks"})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
			{Key: &p.key.PublicKey, KeyID: "rsa1", Algorithm: "RS256", Use: "sig"},
			{Key: &p.ecKey.PublicKey, KeyID: "ec1", Algorithm: "ES256", Use: "sig"},
		}})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	p.issuer = p.srv.URL
	return p
}

// sign returns a token with claims signed by key under kid and alg.
func sign(t *testing.T, key any, alg jose.SignatureAlgorithm, kid string, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", kid))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.Signed(s).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (p *testIdP) claims(mod func(map[string]any)) map[string]any {
	now := time.Now()
	c := map[string]any{"iss": p.issuer, "sub": "user-1", "aud": "client-1", "email": "mary@example.com",
		"iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
		"https://aws.amazon.com/tags": map[string]any{"principal_tags": map[string]any{"Email": []string{"mary@example.com"}}, "transitive_tag_keys": []string{"Email"}}}
	if mod != nil {
		mod(c)
	}
	return c
}

func (p *testIdP) host() string { return strings.TrimPrefix(p.issuer, "http://") }

// unsigned builds an alg=none token.
func unsigned(claims map[string]any) string {
	b, _ := json.Marshal(claims)
	enc := func(s []byte) string {
		return strings.TrimRight(strings.NewReplacer("+", "-", "/", "_").Replace(base64Std(s)), "=")
	}
	return enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc(b) + "."
}
