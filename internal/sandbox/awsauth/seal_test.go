package awsauth

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

type sealed struct {
	A string `json:"a"`
	N int    `json:"n"`
}

func newTestSealer(t testing.TB) *Sealer {
	t.Helper()
	s, err := NewSealer(testKey())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSealerRoundTrip(t *testing.T) {
	s := newTestSealer(t)
	for _, v := range []sealed{{}, {A: "x", N: 1}, {A: strings.Repeat("é", 300), N: -7}} {
		tok, err := s.Seal("p", v)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(tok, "+/=") {
			t.Fatalf("sealed value is not raw URL-safe: %q", tok)
		}
		var got sealed
		if err := s.Open("p", tok, &got); err != nil || got != v {
			t.Fatalf("open: %v %+v", err, got)
		}
	}
	a, _ := s.Seal("p", sealed{A: "x"})
	b, _ := s.Seal("p", sealed{A: "x"})
	if a == b {
		t.Fatal("two seals of one value are equal (nonce reuse)")
	}
}

func TestSealerPurposeBinding(t *testing.T) {
	c := newClock(t0)
	a := newTestAuthority(t, c)
	creds, err := a.Mint(userPrincipal(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	assertion, err := a.SealContext(IdentityContext{UserID: "u-1", ExpiresAt: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.OpenContext(strings.TrimPrefix(creds.SessionToken, "IQoJ")); !errors.Is(err, ErrUnsealable) {
		t.Fatalf("session token opened as a context assertion: %v", err)
	}
	if _, err := a.OpenContext(creds.SessionToken); !errors.Is(err, ErrUnsealable) {
		t.Fatalf("prefixed session token opened as a context assertion: %v", err)
	}
	if _, _, err := a.Resolve(creds.AccessKeyID, "IQoJ"+assertion); !errors.Is(err, ErrBadToken) {
		t.Fatalf("context assertion resolved as a session token: %v", err)
	}
	s := a.Sealer()
	tok, _ := s.Seal("one", sealed{A: "x"})
	var v sealed
	for _, p := range []string{"", "two", "one ", "ONE", tokenPurpose, contextPurpose} {
		if err := s.Open(p, tok, &v); !errors.Is(err, ErrUnsealable) {
			t.Errorf("purpose %q opened a value sealed for %q", p, "one")
		}
	}
}

// TestSealerTamper alters single characters of the sealed text and single
// bits of the sealed bytes at several positions; nothing may open.
func TestSealerTamper(t *testing.T) {
	s := newTestSealer(t)
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for _, v := range []sealed{{A: "x"}, {A: "xy"}, {A: "xyz"}} { // three lengths mod 3
		tok, err := s.Seal("p", v)
		if err != nil {
			t.Fatal(err)
		}
		for _, pos := range []int{0, 1, 11, 12, len(tok) / 2, len(tok) - 17, len(tok) - 2, len(tok) - 1} {
			for _, r := range alphabet {
				if byte(r) == tok[pos] {
					continue
				}
				alt := tok[:pos] + string(r) + tok[pos+1:]
				var got sealed
				if err := s.Open("p", alt, &got); err == nil {
					t.Fatalf("len %d: %q at position %d still opens", len(tok), r, pos)
				}
			}
		}
		raw, _ := base64.RawURLEncoding.DecodeString(tok)
		for _, pos := range []int{0, 11, 12, len(raw) / 2, len(raw) - 16, len(raw) - 1} {
			for bit := range 8 {
				alt := append([]byte(nil), raw...)
				alt[pos] ^= 1 << bit
				var got sealed
				if err := s.Open("p", base64.RawURLEncoding.EncodeToString(alt), &got); !errors.Is(err, ErrUnsealable) {
					t.Fatalf("bit %d of byte %d flipped still opens", bit, pos)
				}
			}
		}
	}
}

func TestSealerRejectsMalformed(t *testing.T) {
	s := newTestSealer(t)
	tok, _ := s.Seal("p", sealed{A: "x"})
	other, _ := NewSealer(make([]byte, 32))
	foreign, _ := other.Seal("p", sealed{A: "x"})
	notJSON := func() string {
		// Sealed bytes that authenticate but are not the target's JSON.
		t, _ := s.Seal("p", []int{1, 2})
		return t
	}()
	for name, in := range map[string]string{
		"empty": "", "short": "AAAA", "not base64": "!!!!", "padded": tok + "==", "std alphabet": strings.NewReplacer("-", "+", "_", "/").Replace(tok) + "+/",
		"truncated": tok[:len(tok)-1], "extended": tok + "A", "other key": foreign, "wrong JSON shape": notJSON, "whitespace": tok[:10] + " " + tok[10:],
	} {
		var v sealed
		if err := s.Open("p", in, &v); !errors.Is(err, ErrUnsealable) {
			t.Errorf("%s: err %v", name, err)
		}
	}
	if _, err := s.Seal("p", make(chan int)); err == nil || !strings.Contains(err.Error(), "seal p") {
		t.Fatalf("unencodable value: %v", err)
	}
	if _, err := NewSealer([]byte("short")); err == nil {
		t.Fatal("short key accepted")
	}
}

func TestContextAssertion(t *testing.T) {
	c := newClock(t0)
	a := newTestAuthority(t, c)
	ic := IdentityContext{IdentityStoreID: "d-1234567890", UserID: "u-1", ApplicationARN: "arn:aws:sso::1:application/ssoins-1/apl-1",
		InstanceARN: "arn:aws:sso:::instance/ssoins-1", ExpiresAt: t0.Add(time.Hour)}
	s, err := a.SealContext(ic)
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.OpenContext(s)
	if err != nil || got.UserID != ic.UserID || got.IdentityStoreID != ic.IdentityStoreID || got.ApplicationARN != ic.ApplicationARN ||
		got.InstanceARN != ic.InstanceARN || !got.ExpiresAt.Equal(ic.ExpiresAt) {
		t.Fatalf("open: %v %+v", err, got)
	}
	cases := []struct {
		at   time.Time
		want error
	}{
		{t0.Add(time.Hour - time.Nanosecond), nil},
		{t0.Add(time.Hour), ErrExpiredContext},
		{t0.Add(2 * time.Hour), ErrExpiredContext},
	}
	for _, tc := range cases {
		c.Set(tc.at)
		if _, err := a.OpenContext(s); !errors.Is(err, tc.want) {
			t.Errorf("at %v: err %v, want %v", tc.at, err, tc.want)
		}
	}
	c.Set(t0)
	zero, _ := a.SealContext(IdentityContext{UserID: "u"})
	if _, err := a.OpenContext(zero); !errors.Is(err, ErrExpiredContext) {
		t.Fatalf("assertion without expiry opened: %v", err)
	}
	if _, err := a.OpenContext(alterAt(s, len(s)/2)); !errors.Is(err, ErrUnsealable) {
		t.Fatalf("altered assertion: %v", err)
	}
}
