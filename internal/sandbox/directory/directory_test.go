package directory

import (
	"regexp"
	"testing"
)

func testDir() *Directory {
	return New(
		User{Username: "Mary", Password: "mary-pw", Email: "Mary_Major@Example.com", Name: "Mary Major", Groups: []string{"core-team"}},
		User{Username: "mateo", Password: "mateo-pw", Email: "mateo_jackson@example.com"},
		User{Username: "nopass@example.com"},
		User{Username: "fixed", Password: "pw", Subject: "sub-fixed", IDCUserID: "idc-fixed"},
	)
}

func TestAuthenticate(t *testing.T) {
	d := testDir()
	cases := []struct {
		name, user, pass string
		want             string // username authenticated; "" = refused
	}{
		{"right password", "Mary", "mary-pw", "Mary"},
		{"username case-insensitive", "mARY", "mary-pw", "Mary"},
		{"password case-sensitive", "Mary", "MARY-PW", ""},
		{"wrong password", "Mary", "mateo-pw", ""},
		{"password prefix", "Mary", "mary-p", ""},
		{"password with suffix", "Mary", "mary-pw ", ""},
		{"empty password", "Mary", "", ""},
		{"unknown user", "nobody", "mary-pw", ""},
		{"unknown user, empty password", "nobody", "", ""},
		{"empty username", "", "", ""},
		{"user without a password, empty password", "nopass@example.com", "", ""},
		{"username with spaces", " Mary", "mary-pw", ""},
		{"email is not a username", "Mary_Major@Example.com", "mary-pw", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, ok := d.Authenticate(tc.user, tc.pass)
			if ok != (tc.want != "") || u.Username != tc.want {
				t.Fatalf("got %q %v, want %q", u.Username, ok, tc.want)
			}
		})
	}
}

func TestDerivedIdentifiers(t *testing.T) {
	hexID := regexp.MustCompile(`^[0-9a-f]{24}$`)
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	a, b := testDir(), testDir()
	seen := map[string]string{}
	for _, u := range a.All() {
		if u.Username == "fixed" {
			if u.Subject != "sub-fixed" || u.IDCUserID != "idc-fixed" {
				t.Fatalf("given identifiers replaced: %+v", u)
			}
			continue
		}
		if !hexID.MatchString(u.Subject) || !uuid.MatchString(u.IDCUserID) {
			t.Fatalf("%s: subject %q idc %q", u.Username, u.Subject, u.IDCUserID)
		}
		other, _ := b.Lookup(u.Username)
		if other.Subject != u.Subject || other.IDCUserID != u.IDCUserID {
			t.Fatalf("%s: identifiers not stable across directories", u.Username)
		}
		for _, id := range []string{u.Subject, u.IDCUserID} {
			if prev, dup := seen[id]; dup {
				t.Fatalf("%s and %s share %q", prev, u.Username, id)
			}
			seen[id] = u.Username
		}
	}
	upper := New(User{Username: "MATEO"})
	lower, _ := a.Lookup("mateo")
	if u, _ := upper.Lookup("mateo"); u.Subject != lower.Subject || u.IDCUserID != lower.IDCUserID {
		t.Fatal("identifiers depend on the username's case")
	}
	if nopass, _ := a.Lookup("nopass@example.com"); nopass.Email != "nopass@example.com" {
		t.Fatalf("email not defaulted to the username: %+v", nopass)
	}
}

func TestLookups(t *testing.T) {
	d := testDir()
	mary, ok := d.Lookup("MARY")
	if !ok || mary.Name != "Mary Major" || len(mary.Groups) != 1 {
		t.Fatalf("lookup: %+v %v", mary, ok)
	}
	cases := []struct {
		name string
		find func() (User, bool)
		want string
	}{
		{"by email", func() (User, bool) { return d.ByEmail("mary_major@example.com") }, "Mary"},
		{"by email, other case", func() (User, bool) { return d.ByEmail("MARY_MAJOR@EXAMPLE.COM") }, "Mary"},
		{"by unknown email", func() (User, bool) { return d.ByEmail("mary@example.com") }, ""},
		{"by subject", func() (User, bool) { return d.BySubject(mary.Subject) }, "Mary"},
		{"by subject, other case", func() (User, bool) { return d.BySubject("SUB-FIXED") }, ""},
		{"by unknown subject", func() (User, bool) { return d.BySubject("") }, ""},
		{"by idc user id", func() (User, bool) { return d.ByIDCUserID(mary.IDCUserID) }, "Mary"},
		{"by fixed idc user id", func() (User, bool) { return d.ByIDCUserID("idc-fixed") }, "fixed"},
		{"by unknown idc user id", func() (User, bool) { return d.ByIDCUserID("idc-other") }, ""},
		{"unknown username", func() (User, bool) { return d.Lookup("mary ") }, ""},
	}
	for _, tc := range cases {
		u, ok := tc.find()
		if ok != (tc.want != "") || u.Username != tc.want {
			t.Errorf("%s: got %q %v, want %q", tc.name, u.Username, ok, tc.want)
		}
	}
	all := d.All()
	var names []string
	for _, u := range all {
		names = append(names, u.Username)
	}
	if len(names) != 4 || names[0] != "Mary" || names[1] != "fixed" || names[2] != "mateo" || names[3] != "nopass@example.com" {
		t.Fatalf("All = %v", names)
	}
	d.Put(User{Username: "MARY", Password: "new"})
	if _, ok := d.Authenticate("mary", "mary-pw"); ok {
		t.Fatal("old password still works after Put replaced the user")
	}
	if u, ok := d.Authenticate("mary", "new"); !ok || u.Username != "MARY" || len(d.All()) != 4 {
		t.Fatalf("replace: %+v %v %d", u, ok, len(d.All()))
	}
}
