package ssooidc_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/gate/gatetest"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
	oidc "github.com/qbiz/qbiz/internal/sandbox/ssooidc"
)

const (
	audience = "qbiz-client"
	maryMail = "mary_major@example.com"
)

var appScopes = []string{"qbusiness:conversations:access", "qbusiness:messages:access"}

type env struct {
	h      *gatetest.Harness
	store  *ssoadmin.Store
	dir    *directory.Directory
	idp    *testIssuer
	svc    *oidc.Service
	app    string
	client *ssooidc.Client
	role   awsauth.Principal
}

type allowAll struct{}

func (allowAll) Authorize(awsauth.Principal, string, string, map[string][]string) bool { return true }

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{h: gatetest.New(t), store: ssoadmin.NewStore(gatetest.Account), idp: newTestIssuer(t)}
	e.dir = directory.New(directory.User{Username: maryMail, Email: maryMail, Password: "pw"}, directory.User{Username: "mateo", Email: "mateo_jackson@example.com"})
	e.role = awsauth.Principal{Account: gatetest.Account, ARN: "arn:aws:sts::123456789012:assumed-role/app/s", Kind: "assumed-role", RoleARN: "arn:aws:iam::123456789012:role/app"}
	e.app = e.configureApp(t, "qbiz", []string{gatetest.AdminPrincipal().ARN, e.role.RoleARN}, true)
	svc, err := oidc.New(oidc.Options{Authority: e.h.Gate.Authority, Admin: e.store, Directory: e.dir, HTTPClient: e.idp.srv.Client(), Authorizer: allowAll{}, Region: gatetest.Region})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	e.h.Mount("/", gate.Service{Name: "sso-oidc", SigningName: "sso-oauth", Family: awsauth.JSON, JSONContentType: "application/json", Anonymous: oidc.Anonymous, Handler: svc})
	e.h.Start(t)
	e.client = ssooidc.NewFromConfig(e.h.Config(e.h.Admin))
	return e
}

// configureApp sets up an application the way the admin scripts do.
func (e *env) configureApp(t *testing.T, name string, actors []string, refresh bool) string {
	t.Helper()
	inst := e.store.Instance().ARN
	tti, err := e.store.CreateTrustedTokenIssuer(inst, ssoadmin.TrustedTokenIssuer{Name: name + "-tti", Type: "OIDC_JWT", IssuerURL: e.idp.srv.URL,
		ClaimAttributePath: "email", IdentityStoreAttributePath: "emails.value", JwksRetrievalOption: "OPEN_ID_DISCOVERY"})
	if err != nil {
		tti = e.firstTTI(t)
	}
	app, err := e.store.CreateApplication(ssoadmin.Application{InstanceARN: inst, Name: name, ProviderARN: ssoadmin.CustomProviderARN, Status: "ENABLED"})
	if err != nil {
		t.Fatal(err)
	}
	must(t, e.store.SetAssignmentRequired(app, false))
	must(t, e.store.PutGrant(app, ssoadmin.Grant{Type: ssoadmin.GrantJWTBearer, AuthorizedTokenIssuers: []ssoadmin.AuthorizedTokenIssuer{{TrustedTokenIssuerARN: tti, AuthorizedAudiences: []string{audience}}}}))
	if refresh {
		must(t, e.store.PutGrant(app, ssoadmin.Grant{Type: ssoadmin.GrantRefreshToken}))
	}
	for _, sc := range appScopes {
		must(t, e.store.PutScope(app, ssoadmin.AccessScope{Scope: sc}))
	}
	pol, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": "sso-oauth:CreateTokenWithIAM", "Principal": map[string]any{"AWS": actors}, "Resource": app}}})
	must(t, e.store.PutAuthMethod(app, ssoadmin.AuthMethodIAM, pol))
	return app
}

func (e *env) firstTTI(t *testing.T) string {
	ttis, err := e.store.ListTrustedTokenIssuers(e.store.Instance().ARN)
	if err != nil || len(ttis) == 0 {
		t.Fatal("no tti")
	}
	return ttis[0].ARN
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) exchange(client *ssooidc.Client, app, assertion string, scopes ...string) (*ssooidc.CreateTokenWithIAMOutput, error) {
	return client.CreateTokenWithIAM(context.Background(), &ssooidc.CreateTokenWithIAMInput{
		ClientId: aws.String(app), GrantType: aws.String("urn:ietf:params:oauth:grant-type:jwt-bearer"), Assertion: aws.String(assertion), Scope: scopes})
}

func errCode(t *testing.T, err error) (string, int) {
	t.Helper()
	code, status, _ := gatetest.APIError(t, err)
	return code, status
}

func TestJWTBearerExchange(t *testing.T) {
	e := newEnv(t)
	out, err := e.exchange(e.client, e.app, e.idp.sign(t, e.idp.claims(maryMail, audience, time.Now())), appScopes[0])
	if err != nil {
		t.Fatal(err)
	}
	mary, _ := e.dir.ByEmail(maryMail)
	if aws.ToString(out.TokenType) != "Bearer" || out.ExpiresIn != 3600 || aws.ToString(out.IssuedTokenType) != "urn:ietf:params:oauth:token-type:refresh_token" {
		t.Fatalf("output = %+v", out)
	}
	if len(out.Scope) != 1 || out.Scope[0] != appScopes[0] || aws.ToString(out.RefreshToken) == "" || aws.ToString(out.AccessToken) == "" {
		t.Fatalf("scope/tokens = %v", out.Scope)
	}
	at, err := e.svc.OpenAccessToken(aws.ToString(out.AccessToken))
	if err != nil || at.UserID != mary.IDCUserID || at.ApplicationARN != e.app {
		t.Fatalf("access token = %+v, %v", at, err)
	}
	// The id token verifies with the sandbox's Identity Center JWKS.
	var set jose.JSONWebKeySet
	must(t, json.Unmarshal(e.svc.JWKS(), &set))
	tok, err := jwt.ParseSigned(aws.ToString(out.IdToken), []jose.SignatureAlgorithm{jose.RS256})
	must(t, err)
	var std jwt.Claims
	var claims map[string]any
	must(t, tok.Claims(set.Keys[0].Key, &std, &claims))
	must(t, std.ValidateWithLeeway(jwt.Expected{Issuer: "https://identitycenter.amazonaws.com/" + e.store.Instance().ID(), Subject: mary.IDCUserID, AnyAudience: jwt.Audience{e.app}, Time: time.Now()}, 0))
	if claims["aws:identity_store_id"] != e.store.Instance().IdentityStoreID || claims["aws:instance_arn"] != e.store.Instance().ARN {
		t.Fatalf("claims = %v", claims)
	}
	ctxAssertion := out.AwsAdditionalDetails.IdentityContext
	if claims["sts:identity_context"] != aws.ToString(ctxAssertion) {
		t.Fatal("id token context differs from awsAdditionalDetails")
	}
	ic, err := e.h.Gate.Authority.OpenContext(aws.ToString(ctxAssertion))
	must(t, err)
	if ic.UserID != mary.IDCUserID || ic.ApplicationARN != e.app || ic.IdentityStoreID != e.store.Instance().IdentityStoreID || ic.InstanceARN != e.store.Instance().ARN {
		t.Fatalf("identity context = %+v", ic)
	}
	// A freshly minted role session may call it too.
	creds, err := e.h.Gate.Authority.Mint(e.role, time.Hour)
	must(t, err)
	if _, err := e.exchange(ssooidc.NewFromConfig(e.h.Config(creds)), e.app, e.idp.sign(t, e.idp.claims(maryMail, audience, time.Now()))); err != nil {
		t.Fatalf("role caller: %v", err)
	}
}

func TestJWTBearerRejections(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	other := newTestIssuer(t)
	noRefresh := e.configureApp(t, "norefresh", []string{gatetest.AdminPrincipal().ARN}, false)
	bare, err := e.store.CreateApplication(ssoadmin.Application{InstanceARN: e.store.Instance().ARN, Name: "bare", ProviderARN: ssoadmin.CustomProviderARN, Status: "ENABLED"})
	must(t, err)
	strangerActors := e.configureApp(t, "stranger", []string{"arn:aws:iam::123456789012:role/someone-else"}, false)
	assigned := e.configureApp(t, "assigned", []string{gatetest.AdminPrincipal().ARN}, false)
	must(t, e.store.SetAssignmentRequired(assigned, true))
	with := func(mut func(map[string]any)) string {
		c := e.idp.claims(maryMail, audience, now)
		mut(c)
		return e.idp.sign(t, c)
	}
	tests := []struct {
		name       string
		app        string
		assertion  string
		scopes     []string
		wantCode   string
		wantStatus int
	}{
		{"wrong issuer", e.app, other.sign(t, other.claims(maryMail, audience, now)), nil, "InvalidGrantException", 400},
		{"issuer with trailing slash", e.app, with(func(c map[string]any) { c["iss"] = e.idp.srv.URL + "/" }), nil, "InvalidGrantException", 400},
		{"wrong audience", e.app, with(func(c map[string]any) { c["aud"] = "someone-else" }), nil, "InvalidGrantException", 400},
		{"expired", e.app, with(func(c map[string]any) { c["exp"] = now.Add(-time.Second).Unix() }), nil, "InvalidGrantException", 400},
		{"no exp", e.app, with(func(c map[string]any) { delete(c, "exp") }), nil, "InvalidGrantException", 400},
		{"issued in the future", e.app, with(func(c map[string]any) { c["iat"] = now.Add(time.Hour).Unix() }), nil, "InvalidGrantException", 400},
		{"not yet valid", e.app, with(func(c map[string]any) { c["nbf"] = now.Add(time.Hour).Unix() }), nil, "InvalidGrantException", 400},
		{"forged signature", e.app, signWith(t, jose.SigningKey{Algorithm: jose.RS256, Key: otherRSAKey(t)}, e.idp.kid, e.idp.claims(maryMail, audience, now)), nil, "InvalidGrantException", 400},
		{"es256 with unknown key", e.app, signWith(t, jose.SigningKey{Algorithm: jose.ES256, Key: otherECKey(t)}, e.idp.kid, e.idp.claims(maryMail, audience, now)), nil, "InvalidGrantException", 400},
		{"hs256", e.app, signWith(t, jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")}, e.idp.kid, e.idp.claims(maryMail, audience, now)), nil, "InvalidGrantException", 400},
		{"not a jwt", e.app, "garbage", nil, "InvalidGrantException", 400},
		{"unknown user", e.app, e.idp.sign(t, e.idp.claims("nobody@example.com", audience, now)), nil, "InvalidGrantException", 400},
		{"no email claim", e.app, with(func(c map[string]any) { delete(c, "email") }), nil, "InvalidGrantException", 400},
		{"scope not granted", e.app, e.idp.sign(t, e.idp.claims(maryMail, audience, now)), []string{"qbusiness:admin:access"}, "InvalidScopeException", 400},
		{"unknown client", "arn:aws:sso::123456789012:application/" + e.store.Instance().ID() + "/apl-0000000000000000", e.idp.sign(t, e.idp.claims(maryMail, audience, now)), nil, "InvalidClientException", 401},
		{"app without grant", bare, e.idp.sign(t, e.idp.claims(maryMail, audience, now)), nil, "InvalidClientException", 401},
		{"caller not in actor policy", strangerActors, e.idp.sign(t, e.idp.claims(maryMail, audience, now)), nil, "AccessDeniedException", 400},
		{"user not assigned", assigned, e.idp.sign(t, e.idp.claims(maryMail, audience, now)), nil, "AccessDeniedException", 400},
		{"missing assertion", e.app, "", nil, "InvalidRequestException", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(tt.app), GrantType: aws.String("urn:ietf:params:oauth:grant-type:jwt-bearer"), Scope: tt.scopes}
			if tt.assertion != "" {
				in.Assertion = aws.String(tt.assertion)
			}
			_, err := e.client.CreateTokenWithIAM(context.Background(), in)
			if code, status := errCode(t, err); code != tt.wantCode || status != tt.wantStatus {
				t.Fatalf("got %s %d, want %s %d (%v)", code, status, tt.wantCode, tt.wantStatus, err)
			}
		})
	}
	t.Run("replay", func(t *testing.T) {
		a := e.idp.sign(t, e.idp.claims(maryMail, audience, now))
		out, err := e.exchange(e.client, noRefresh, a)
		must(t, err)
		if out.RefreshToken != nil {
			t.Fatal("refresh token issued without the refresh_token grant")
		}
		_, err = e.exchange(e.client, noRefresh, a)
		var ig *types.InvalidGrantException
		if !errors.As(err, &ig) || aws.ToString(ig.Error_) != "invalid_grant" {
			t.Fatalf("replay = %v", err)
		}
	})
}

func TestRefreshRotation(t *testing.T) {
	e := newEnv(t)
	first, err := e.exchange(e.client, e.app, e.idp.sign(t, e.idp.claims(maryMail, audience, time.Now())))
	must(t, err)
	refresh := func(tok string) (*ssooidc.CreateTokenWithIAMOutput, error) {
		return e.client.CreateTokenWithIAM(context.Background(), &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(e.app), GrantType: aws.String("refresh_token"), RefreshToken: aws.String(tok)})
	}
	second, err := refresh(aws.ToString(first.RefreshToken))
	must(t, err)
	if aws.ToString(second.RefreshToken) == aws.ToString(first.RefreshToken) || second.AccessToken == nil {
		t.Fatalf("refresh did not rotate: %+v", second)
	}
	mary, _ := e.dir.ByEmail(maryMail)
	if at, err := e.svc.OpenAccessToken(aws.ToString(second.AccessToken)); err != nil || at.UserID != mary.IDCUserID {
		t.Fatalf("refreshed access token = %+v, %v", at, err)
	}
	_, err = refresh(aws.ToString(first.RefreshToken))
	if code, status := errCode(t, err); code != "InvalidGrantException" || status != 400 {
		t.Fatalf("reuse = %s %d", code, status)
	}
	// Reuse revoked the family: the rotated token is dead too.
	_, err = refresh(aws.ToString(second.RefreshToken))
	if code, _ := errCode(t, err); code != "InvalidGrantException" {
		t.Fatalf("after reuse = %s", code)
	}
	_, err = refresh("aor-unknown")
	if code, _ := errCode(t, err); code != "InvalidGrantException" {
		t.Fatalf("unknown = %s", code)
	}
}

func TestTransport(t *testing.T) {
	e := newEnv(t)
	post := func(path, body string) (*http.Response, string) {
		resp, err := http.Post(e.h.URL+path, "application/json", strings.NewReader(body))
		must(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, _ := post("/token?aws_iam=t", `{"clientId":"x","grantType":"refresh_token","refreshToken":"y"}`)
	if resp.StatusCode != 403 || resp.Header.Get("x-amzn-ErrorType") != "MissingAuthenticationTokenException" {
		t.Fatalf("unsigned CreateTokenWithIAM = %d %s", resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"))
	}
	resp, body := post("/token", `{"clientId":"x","clientSecret":"y","grantType":"authorization_code"}`)
	if resp.StatusCode != 400 || !strings.Contains(body, "CreateTokenWithIAM") || !strings.Contains(body, `"error":"invalid_request"`) {
		t.Fatalf("CreateToken = %d %s", resp.StatusCode, body)
	}
	bad := e.h.Admin
	bad.SecretAccessKey = strings.Repeat("x", 40)
	_, err := e.exchange(ssooidc.NewFromConfig(e.h.Config(bad)), e.app, "a")
	if code, _ := errCode(t, err); code != "InvalidSignatureException" {
		t.Fatalf("mis-signed = %s", code)
	}
	if e.h.Gate.Ledger.Count(func(en ledger.Entry) bool { return en.Operation == "CreateTokenWithIAM" && en.Status == 200 }) != 0 {
		t.Fatal("a rejected call was recorded as success")
	}
}
