package awscreds

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/qbiz/qbiz/internal/identity"
)

const (
	testApp    = "arn:aws:sso::123456789012:application/ssoins-1/apl-1"
	testIssuer = "https://identitycenter.amazonaws.com/ssoins-1"
)

var idcKey, otherKey = mustKey(), mustKey()

func mustKey() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fakeIDC is CreateTokenWithIAM issuing signed id tokens. users maps each
// IdP assertion to the Identity Center user it resolves to.
type fakeIDC struct {
	mu    sync.Mutex
	clock *clock
	users map[string]string
	// tamper edits the claims, key or answer of every response.
	tamper        func(claims map[string]any, key **rsa.PrivateKey, out *ssooidc.CreateTokenWithIAMOutput)
	refreshIDUser string // refresh answers carry an id token for this user when set
	calls         []*ssooidc.CreateTokenWithIAMInput
}

func (f *fakeIDC) CreateTokenWithIAM(_ context.Context, in *ssooidc.CreateTokenWithIAMInput, _ ...func(*ssooidc.Options)) (*ssooidc.CreateTokenWithIAMOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, in)
	user := f.users[aws.ToString(in.Assertion)]
	if aws.ToString(in.GrantType) == GrantRefreshToken {
		user = f.refreshIDUser
		if user == "" {
			return &ssooidc.CreateTokenWithIAMOutput{AccessToken: aws.String("at"), RefreshToken: aws.String("rt-rotated"), ExpiresIn: 3600}, nil
		}
	}
	if user == "" {
		return nil, &types.InvalidGrantException{Error_: aws.String("invalid_grant")}
	}
	return f.issue(user)
}

func (f *fakeIDC) issue(user string) (*ssooidc.CreateTokenWithIAMOutput, error) {
	now := f.clock.Now()
	ctxAssertion := "context-of-" + user
	claims := map[string]any{"iss": testIssuer, "sub": user, "aud": testApp, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"sts:identity_context": ctxAssertion}
	key := idcKey
	out := &ssooidc.CreateTokenWithIAMOutput{AccessToken: aws.String("at"), RefreshToken: aws.String("rt-" + user), ExpiresIn: 3600,
		AwsAdditionalDetails: &types.AwsAdditionalDetails{IdentityContext: aws.String(ctxAssertion)}}
	if f.tamper != nil {
		f.tamper(claims, &key, out)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, nil)
	if err != nil {
		return nil, err
	}
	tok, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		return nil, err
	}
	if out.IdToken == nil {
		out.IdToken = aws.String(tok)
	}
	return out, nil
}

func (f *fakeIDC) grants() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		out = append(out, aws.ToString(c.GrantType))
	}
	return out
}

type idcFixture struct {
	clock  *clock
	idc    *fakeIDC
	sts    *fakeSTS
	tokens *staticTokens
	cfg    IdentityCenterConfig
}

func newIDCFixture() *idcFixture {
	c := &clock{t: time.Now()}
	return &idcFixture{
		clock:  c,
		idc:    &fakeIDC{clock: c, users: map[string]string{"alice-idp-token": "idc-alice", "alice-idp-token-2": "idc-alice", "bob-idp-token": "idc-bob"}},
		sts:    &fakeSTS{exp: c.Now().Add(time.Hour)},
		tokens: &staticTokens{raw: "alice-idp-token", id: alice},
		cfg: IdentityCenterConfig{ApplicationARN: testApp, RoleARN: testRole, Scopes: []string{"qbusiness:conversations:access"},
			Issuer: testIssuer, Keys: &oidc.StaticKeySet{PublicKeys: []crypto.PublicKey{idcKey.Public()}}},
	}
}

func (f *idcFixture) provider() aws.CredentialsProvider {
	return NewIdentityCenterProvider(f.idc, f.sts, f.cfg, f.tokens, func(o *Options) { o.Now = f.clock.Now })
}

func TestIdentityCenterProvider(t *testing.T) {
	f := newIDCFixture()
	p := f.provider()
	for range 2 {
		if _, err := p.Retrieve(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.idc.grants(); len(got) != 1 || got[0] != GrantJWTBearer {
		t.Errorf("CreateTokenWithIAM grants = %v, want one jwt-bearer (the context is reused)", got)
	}
	in := f.idc.calls[0]
	if aws.ToString(in.ClientId) != testApp || aws.ToString(in.Assertion) != "alice-idp-token" || fmt.Sprint(in.Scope) != "[qbusiness:conversations:access]" {
		t.Errorf("CreateTokenWithIAM input = %+v", in)
	}
	if len(f.sts.assume) != 2 {
		t.Fatalf("AssumeRole calls = %d, want 2", len(f.sts.assume))
	}
	a := f.sts.assume[0]
	pc := a.ProvidedContexts
	if aws.ToString(a.RoleArn) != testRole || aws.ToString(a.RoleSessionName) != "alice@example.com" || len(pc) != 1 ||
		aws.ToString(pc[0].ProviderArn) != IdentityCenterContextProvider || aws.ToString(pc[0].ContextAssertion) != "context-of-idc-alice" {
		t.Errorf("AssumeRole input = %+v", a)
	}
}

// STS-04 (b, d): the Identity Center id token is verified before its
// context is used.
func TestIdentityCenterRejectsIDToken(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(map[string]any, **rsa.PrivateKey, *ssooidc.CreateTokenWithIAMOutput)
		cfg    func(*IdentityCenterConfig)
		want   error
	}{
		{"other audience", func(c map[string]any, _ **rsa.PrivateKey, _ *ssooidc.CreateTokenWithIAMOutput) {
			c["aud"] = "arn:other-app"
		}, nil, ErrInvalidResponse},
		{"expired", func(c map[string]any, _ **rsa.PrivateKey, _ *ssooidc.CreateTokenWithIAMOutput) {
			c["exp"] = time.Now().Add(-time.Minute).Unix()
		}, nil, ErrInvalidResponse},
		{"foreign signature", func(_ map[string]any, k **rsa.PrivateKey, _ *ssooidc.CreateTokenWithIAMOutput) { *k = otherKey }, nil, ErrInvalidResponse},
		{"other issuer", func(c map[string]any, _ **rsa.PrivateKey, _ *ssooidc.CreateTokenWithIAMOutput) {
			c["iss"] = "https://evil"
		}, nil, ErrInvalidResponse},
		{"no identity context", func(c map[string]any, _ **rsa.PrivateKey, o *ssooidc.CreateTokenWithIAMOutput) {
			delete(c, "sts:identity_context")
			o.AwsAdditionalDetails = nil
		}, nil, ErrInvalidResponse},
		{"context differs from the token's", func(_ map[string]any, _ **rsa.PrivateKey, o *ssooidc.CreateTokenWithIAMOutput) {
			o.AwsAdditionalDetails.IdentityContext = aws.String("context-of-idc-bob")
		}, nil, ErrInvalidResponse},
		{"no id token", func(_ map[string]any, _ **rsa.PrivateKey, o *ssooidc.CreateTokenWithIAMOutput) {
			o.IdToken = aws.String("")
		}, nil, ErrInvalidResponse},
		{"unsigned token", func(_ map[string]any, _ **rsa.PrivateKey, o *ssooidc.CreateTokenWithIAMOutput) {
			o.IdToken = aws.String("eyJhbGciOiJub25lIn0.eyJzdWIiOiJpZGMtYWxpY2UifQ.")
		}, nil, ErrInvalidResponse},
		{"user of another session", nil, func(c *IdentityCenterConfig) {
			c.MatchUser = func(_ context.Context, idcUser string, id identity.Identity) error {
				if id.SameUser(alice) && idcUser == "idc-alice" {
					return nil
				}
				return errors.New("not this user")
			}
			c.Scopes = nil
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newIDCFixture()
			f.idc.tamper = tt.tamper
			if tt.cfg != nil {
				tt.cfg(&f.cfg)
				f.idc.users["alice-idp-token"] = "idc-bob" // the exchange resolved to somebody else
			}
			_, err := f.provider().Retrieve(context.Background())
			want := tt.want
			if want == nil {
				want = ErrUserMismatch
			}
			if !errors.Is(err, want) {
				t.Fatalf("err = %v, want %v", err, want)
			}
			if len(f.sts.assume) != 0 {
				t.Errorf("AssumeRole was called with a rejected context")
			}
		})
	}
}

// STS-04 (d): once a provider has seen its Identity Center user, no other
// user's token is accepted, even from a fresh exchange.
func TestIdentityCenterPinsUser(t *testing.T) {
	f := newIDCFixture()
	p := f.provider()
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(2 * time.Hour)
	f.idc.users["alice-idp-token-2"] = "idc-bob"
	f.tokens.set("alice-idp-token-2", alice)
	f.idc.refreshIDUser = "idc-bob"
	_, err := p.Retrieve(context.Background())
	if !errors.Is(err, ErrUserMismatch) {
		t.Fatalf("err = %v, want ErrUserMismatch", err)
	}
	if len(f.sts.assume) != 1 {
		t.Errorf("AssumeRole calls = %d, want 1", len(f.sts.assume))
	}
}

func TestIdentityCenterRenewal(t *testing.T) {
	tests := []struct {
		name        string
		refreshUser string
		nextToken   string
		wantGrants  []string
		wantErr     error
	}{
		{"refresh token yields a new context", "idc-alice", "alice-idp-token", []string{GrantJWTBearer, GrantRefreshToken}, nil},
		{"refresh without id token, fresh IdP token", "", "alice-idp-token-2", []string{GrantJWTBearer, GrantRefreshToken, GrantJWTBearer}, nil},
		{"refresh without id token, same IdP token", "", "alice-idp-token", []string{GrantJWTBearer, GrantRefreshToken}, identity.ErrReauthRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newIDCFixture()
			f.idc.refreshIDUser = tt.refreshUser
			p := f.provider()
			if _, err := p.Retrieve(context.Background()); err != nil {
				t.Fatal(err)
			}
			f.clock.Add(56 * time.Minute) // inside the default 5 minute window
			f.tokens.set(tt.nextToken, alice)
			_, err := p.Retrieve(context.Background())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if got := f.idc.grants(); fmt.Sprint(got) != fmt.Sprint(tt.wantGrants) {
				t.Errorf("grants = %v, want %v", got, tt.wantGrants)
			}
			if tt.refreshUser != "" && aws.ToString(f.idc.calls[1].RefreshToken) != "rt-idc-alice" {
				t.Errorf("refresh token sent = %q", aws.ToString(f.idc.calls[1].RefreshToken))
			}
		})
	}
}

func TestIdentityCenterConfigRequired(t *testing.T) {
	for name, edit := range map[string]func(*IdentityCenterConfig){
		"no application": func(c *IdentityCenterConfig) { c.ApplicationARN = "" },
		"no role":        func(c *IdentityCenterConfig) { c.RoleARN = "" },
		"no keys":        func(c *IdentityCenterConfig) { c.Keys = nil },
	} {
		f := newIDCFixture()
		edit(&f.cfg)
		if _, err := f.provider().Retrieve(context.Background()); err == nil || len(f.idc.calls) != 0 {
			t.Errorf("%s: err = %v after %d calls", name, err, len(f.idc.calls))
		}
	}
}

func TestIdentityCenterClassifiesExchangeErrors(t *testing.T) {
	f := newIDCFixture()
	f.tokens.set("unknown-token", alice)
	_, err := f.provider().Retrieve(context.Background())
	if !errors.Is(err, ErrInvalidIdentityToken) {
		t.Fatalf("err = %v, want ErrInvalidIdentityToken", err)
	}
}
