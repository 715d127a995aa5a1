package identity

import (
	"errors"
	"fmt"
	"testing"
)

func TestKeyDependsOnlyOnIssuerAndSubject(t *testing.T) {
	base := Identity{Issuer: "https://idp.example", Subject: "u1", Email: "a@example.com", Groups: []string{"g"}, Name: "A"}
	tests := []struct {
		name  string
		other Identity
		same  bool
	}{
		{"other descriptive fields", Identity{Issuer: base.Issuer, Subject: base.Subject, Email: "b@example.com"}, true},
		{"other subject same email", Identity{Issuer: base.Issuer, Subject: "u2", Email: base.Email}, false},
		{"other issuer", Identity{Issuer: "https://evil.example", Subject: "u1", Email: base.Email}, false},
		{"concatenation shift", Identity{Issuer: "https://idp.exampleu", Subject: "1"}, false},
		{"swapped", Identity{Issuer: "u1", Subject: "https://idp.example"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := base.Key() == tt.other.Key()
			if got != tt.same {
				t.Errorf("keys equal = %v, want %v", got, tt.same)
			}
			if base.SameUser(tt.other) != tt.same {
				t.Errorf("SameUser = %v, want %v", !tt.same, tt.same)
			}
		})
	}
}

func TestKeyIsStable(t *testing.T) {
	id := Identity{Issuer: "iss", Subject: "sub"}
	// Golden: changing the derivation would orphan every cached entry.
	const want = "ba75711436697669efa15c25e17d01633acec582b933488814b033786a2b1e78"
	if got := id.Key(); got != want {
		t.Fatalf("Key() = %q, want %q", got, want)
	}
}

func TestParseMode(t *testing.T) {
	tests := []struct {
		in      string
		want    Mode
		wantErr bool
	}{
		{"oidc", ModeOIDC, false},
		{" SAML ", ModeSAML, false},
		{"Idc", ModeIDC, false},
		{"", "", true},
		{"ldap", "", true},
	}
	for _, tt := range tests {
		got, err := ParseMode(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseMode(%q) = %q, %v; want %q, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestSentinelsWrap(t *testing.T) {
	for _, e := range []error{ErrReauthRequired, ErrNotLoggedIn, ErrIdentityChanged} {
		if !errors.Is(fmt.Errorf("refresh: %w", e), e) {
			t.Errorf("%v does not unwrap", e)
		}
	}
	if ErrReauthRequired.Error() != "interactive sign-in required" {
		t.Errorf("ErrReauthRequired = %q", ErrReauthRequired)
	}
}
