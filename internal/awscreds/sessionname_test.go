package awscreds

import (
	"regexp"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
)

var validSessionName = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)

func TestSessionName(t *testing.T) {
	id := func(email, sub string) identity.Identity {
		return identity.Identity{Issuer: "https://idp.example", Subject: sub, Email: email, Name: "admin@corp"}
	}
	long := strings.Repeat("a", 200) + "@example.com"
	tests := []struct {
		name  string
		id    identity.Identity
		want  string // exact, or "" to check only the shape
		keeps string // a prefix the name must keep
	}{
		{"email", id("mary_major@example.com", "s1"), "mary_major@example.com", ""},
		{"email that looks like admin", id("admin@corp", "s1"), "admin@corp", ""},
		{"subject when no email", id("", "00u1abcd"), "00u1abcd", ""},
		{"commas are allowed", id("a,b@example.com", "s1"), "a,b@example.com", ""},
		{"display name is never used", identity.Identity{Issuer: "i", Subject: "sub-1", Name: "root"}, "sub-1", ""},
		{"200 characters", id(long, "s1"), "", strings.Repeat("a", 53)},
		{"control characters", id("eve\r\n@example.com\x00", "s1"), "", "eve--@example.com-"},
		{"unicode", id("josé@exämple.com", "s1"), "", "jos-@ex-mple.com"},
		{"spaces and slashes", id("a b/c@x", "s1"), "", "a-b-c@x"},
		{"one character", id("", "x"), "", "x-"},
		{"empty", identity.Identity{Issuer: "i"}, "", "qbiz-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SessionName(tt.id)
			if !validSessionName.MatchString(got) {
				t.Fatalf("SessionName = %q, not a valid RoleSessionName", got)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("SessionName = %q, want %q", got, tt.want)
			}
			if !strings.HasPrefix(got, tt.keeps) {
				t.Errorf("SessionName = %q, want prefix %q", got, tt.keeps)
			}
			if again := SessionName(tt.id); again != got {
				t.Errorf("not deterministic: %q then %q", got, again)
			}
		})
	}
}

func TestSessionNameAlteredNamesStayDistinct(t *testing.T) {
	a := identity.Identity{Issuer: "i", Subject: "a", Email: "ü@example.com"}
	b := identity.Identity{Issuer: "i", Subject: "b", Email: "ö@example.com"}
	if SessionName(a) == SessionName(b) {
		t.Fatalf("two users share %q", SessionName(a))
	}
}

func FuzzSessionName(f *testing.F) {
	for _, s := range []string{"admin@corp", "a,b", strings.Repeat("x", 200), "\x00\r\n", "josé", ""} {
		f.Add(s, "sub")
	}
	f.Fuzz(func(t *testing.T, email, sub string) {
		id := identity.Identity{Issuer: "https://idp", Subject: sub, Email: email}
		if got := SessionName(id); !validSessionName.MatchString(got) {
			t.Fatalf("SessionName(%q, %q) = %q", email, sub, got)
		}
	})
}
