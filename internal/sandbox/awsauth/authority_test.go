package awsauth

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	sessionKeyID  = regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`)
	longTermKeyID = regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)
	secretShape   = regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`)
)

func TestMintResolveRoundTrip(t *testing.T) {
	c := newClock(t0.Add(250 * time.Millisecond))
	a := newTestAuthority(t, c)
	p := rolePrincipal("mary@example.com")
	p.Context = &IdentityContext{IdentityStoreID: "d-1", UserID: "u-1", ApplicationARN: "arn:app", InstanceARN: "arn:inst", ExpiresAt: t0.Add(time.Hour)}
	p.TransitiveTagKeys = []string{"Email"}
	p.SourceIdentity = "mary"
	creds, err := a.Mint(p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if !sessionKeyID.MatchString(creds.AccessKeyID) || !secretShape.MatchString(creds.SecretAccessKey) {
		t.Fatalf("key %q secret %q", creds.AccessKeyID, creds.SecretAccessKey)
	}
	if !strings.HasPrefix(creds.SessionToken, "IQoJ") {
		t.Fatalf("token %q", creds.SessionToken)
	}
	if want := t0.Add(time.Hour); !creds.Expiration.Equal(want) {
		t.Fatalf("expiration %v, want %v", creds.Expiration, want)
	}
	secret, got, err := a.Resolve(creds.AccessKeyID, creds.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	if secret != creds.SecretAccessKey {
		t.Fatal("resolved another secret")
	}
	if !got.IssuedAt.Equal(t0.Add(250*time.Millisecond)) || !got.ExpiresAt.Equal(creds.Expiration) {
		t.Fatalf("issued %v expires %v", got.IssuedAt, got.ExpiresAt)
	}
	p.IssuedAt, p.ExpiresAt = got.IssuedAt, got.ExpiresAt
	p.Context.ExpiresAt = got.Context.ExpiresAt // JSON drops the monotonic reading only
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("principal changed:\n got %+v\nwant %+v", got, p)
	}
	sdk := creds.SDK()
	if sdk.AccessKeyID != creds.AccessKeyID || sdk.SessionToken != creds.SessionToken || !sdk.CanExpire || !sdk.Expires.Equal(creds.Expiration) {
		t.Fatalf("sdk credentials %+v", sdk)
	}
}

func TestMintIssuesDistinctCredentials(t *testing.T) {
	a := newTestAuthority(t, newClock(t0))
	seen := map[string]bool{}
	for range 50 {
		c, err := a.Mint(userPrincipal(), time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{c.AccessKeyID, c.SecretAccessKey, c.SessionToken} {
			if seen[v] {
				t.Fatalf("repeated value %q", v)
			}
			seen[v] = true
		}
	}
}

func TestResolveExpiry(t *testing.T) {
	c := newClock(t0)
	a := newTestAuthority(t, c)
	creds, err := a.Mint(userPrincipal(), 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		at   time.Time
		want error
	}{
		{t0.Add(15*time.Minute - time.Nanosecond), nil},
		{t0.Add(15 * time.Minute), ErrExpiredToken},
		{t0.Add(time.Hour), ErrExpiredToken},
	}
	for _, tc := range cases {
		c.Set(tc.at)
		if _, _, err := a.Resolve(creds.AccessKeyID, creds.SessionToken); !errors.Is(err, tc.want) {
			t.Errorf("at %v: err %v, want %v", tc.at, err, tc.want)
		}
	}
}

func TestResolveRejects(t *testing.T) {
	c := newClock(t0)
	a := newTestAuthority(t, c)
	sess, _ := a.Mint(userPrincipal(), time.Hour)
	other, _ := a.Mint(userPrincipal(), time.Hour)
	lt := a.NewLongTermKey(userPrincipal())
	foreign := newTestAuthorityWithKey(t, c, 9)
	alien, _ := foreign.Mint(userPrincipal(), time.Hour)
	ctxAssertion, _ := a.SealContext(IdentityContext{UserID: "u", ExpiresAt: t0.Add(time.Hour)})
	cases := []struct {
		name, key, token string
		want             error
	}{
		{"unknown long-term key", "AKIAUNKNOWNUNKNOWN00", "", ErrUnknownKey},
		{"empty key", "", "", ErrUnknownKey},
		{"long-term key with token", lt.AccessKeyID, sess.SessionToken, ErrUnexpectedTok},
		{"session without token", sess.AccessKeyID, "", ErrMissingToken},
		{"token without prefix", sess.AccessKeyID, sess.SessionToken[4:], ErrBadToken},
		{"token of another session", sess.AccessKeyID, other.SessionToken, ErrBadToken},
		{"token from another sandbox", alien.AccessKeyID, alien.SessionToken, ErrBadToken},
		{"context assertion as token", sess.AccessKeyID, "IQoJ" + ctxAssertion, ErrBadToken},
		{"garbage token", sess.AccessKeyID, "IQoJ!!!", ErrBadToken},
		{"truncated token", sess.AccessKeyID, sess.SessionToken[:len(sess.SessionToken)-3], ErrBadToken},
		{"unknown session key with valid token", "ASIAAAAAAAAAAAAAAAAA", sess.SessionToken, ErrBadToken},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			secret, p, err := a.Resolve(tc.key, tc.token)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if secret != "" || !reflect.DeepEqual(p, Principal{}) {
				t.Fatal("a failed resolve returned a secret or principal")
			}
		})
	}
}

func TestLongTermKeys(t *testing.T) {
	a := newTestAuthority(t, newClock(t0))
	k := a.NewLongTermKey(userPrincipal())
	if !longTermKeyID.MatchString(k.AccessKeyID) || !secretShape.MatchString(k.SecretAccessKey) || k.SessionToken != "" || !k.Expiration.IsZero() {
		t.Fatalf("long-term key %+v", k)
	}
	if k.SDK().CanExpire {
		t.Fatal("long-term key can expire")
	}
	secret, p, err := a.Resolve(k.AccessKeyID, "")
	if err != nil || secret != k.SecretAccessKey || p.ARN != userPrincipal().ARN {
		t.Fatalf("resolve: %v %+v", err, p)
	}
	a.AddLongTermKey("AKIAFIXEDFIXEDFIXED0", "fixed-secret", Principal{ARN: "arn:aws:iam::1:root", Kind: "root"})
	if secret, p, err := a.Resolve("AKIAFIXEDFIXEDFIXED0", ""); err != nil || secret != "fixed-secret" || p.Kind != "root" {
		t.Fatalf("added key: %v %q %+v", err, secret, p)
	}
	a.RevokeSessionsIssuedBefore(t0.Add(time.Hour))
	if _, _, err := a.Resolve(k.AccessKeyID, ""); err != nil {
		t.Fatalf("session revocation hit a long-term key: %v", err)
	}
}

func TestRevokeSessionsIssuedBefore(t *testing.T) {
	c := newClock(t0)
	a := newTestAuthority(t, c)
	before, _ := a.Mint(userPrincipal(), time.Hour)
	c.Set(t0.Add(time.Nanosecond))
	a.RevokeSessionsIssuedBefore(c.Now())
	atRevocation, _ := a.Mint(userPrincipal(), time.Hour)
	c.Set(t0.Add(10 * time.Millisecond))
	after, _ := a.Mint(userPrincipal(), time.Hour)
	for _, tc := range []struct {
		name  string
		creds Credentials
		want  error
	}{{"before", before, ErrRevokedToken}, {"at the revocation instant", atRevocation, nil}, {"after", after, nil}} {
		if _, _, err := a.Resolve(tc.creds.AccessKeyID, tc.creds.SessionToken); !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestNewAuthority(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33} {
		if _, err := NewAuthority(make([]byte, n), nil); n != 16 && err == nil {
			t.Errorf("key of %d bytes accepted", n)
		}
	}
	a, err := NewAuthority(testKey(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(a.Now()); d < 0 || d > time.Hour {
		t.Fatalf("default clock is off by %v", d)
	}
	if a.Sealer() == nil {
		t.Fatal("no sealer")
	}
}

func TestPrincipalEmail(t *testing.T) {
	cases := []struct {
		tags      map[string]string
		ctx       *IdentityContext
		email     string
		federated bool
	}{
		{nil, nil, "", false},
		{map[string]string{"Email": "a@x"}, nil, "a@x", true},
		{map[string]string{"email": "b@x"}, nil, "b@x", true},
		{map[string]string{"EMAIL": "c@x", "Dept": "d"}, nil, "c@x", true},
		{map[string]string{"Emails": "d@x", "Emai": "e@x"}, nil, "", false},
		{map[string]string{"Email": ""}, &IdentityContext{UserID: "u"}, "", true},
	}
	for _, tc := range cases {
		p := Principal{Tags: tc.tags, Context: tc.ctx}
		if p.Email() != tc.email || p.IsFederatedUser() != tc.federated {
			t.Errorf("%v: email %q federated %v", tc.tags, p.Email(), p.IsFederatedUser())
		}
	}
}

func TestRandomID(t *testing.T) {
	id := RandomID(12)
	if !regexp.MustCompile(`^[A-Z2-7]{12}$`).MatchString(id) || id == RandomID(12) {
		t.Fatalf("id %q", id)
	}
}

func newTestAuthorityWithKey(t testing.TB, c *clock, fill byte) *Authority {
	t.Helper()
	key := make([]byte, 32)
	for i := range key {
		key[i] = fill
	}
	a, err := NewAuthority(key, c.Now)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
