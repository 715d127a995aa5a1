package groupsync

import (
	"context"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/qbiz/qbiz/internal/groupsync/scimtest"
)

func TestSCIMSource(t *testing.T) {
	s := &scimtest.Server{Token: "scim-secret", PageSize: 2,
		Users: []scimtest.User{{ID: "u1", UserName: "mary", Emails: []string{"old@example.com", "mary_major@example.com"}},
			{ID: "u2", UserName: "mateo_jackson@example.com"}, {ID: "u3", UserName: "demo", Emails: []string{"demo1@example.com"}}},
		Groups: []scimtest.Group{{ID: "g1", Name: "core-team", Members: [][2]string{{"u1", "User"}, {"g2", "Group"}}},
			{ID: "g2", Name: "leads", Members: [][2]string{{"u2", "User"}}}, {ID: "g3", Name: "demo-team", Members: [][2]string{{"u3", ""}}}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	src, err := Open("scim:"+srv.URL+"/scim/v2", func(k string) string { return map[string]string{SCIMTokenEnv: "scim-secret"}[k] }, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	d, err := src.Directory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Directory{"core-team": {"mary_major@example.com", "group:leads"}, "leads": {"mateo_jackson@example.com"}, "demo-team": {"demo1@example.com"}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("directory = %v, want %v", d, want)
	}
	if s.Pages() != 4 {
		t.Errorf("served %d pages, want 4 (two of groups, two of users)", s.Pages())
	}
}

func TestSCIMErrors(t *testing.T) {
	s := &scimtest.Server{Token: "right", PageSize: 10, Groups: []scimtest.Group{{ID: "g1", Name: "a", Members: [][2]string{{"ghost", "User"}}}}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	for _, tc := range []struct{ name, token, wantErr string }{
		{"no token", "", "no token: set QBIZ_SCIM_TOKEN"},
		{"refused token", "wrong", "401 Unauthorized: the service refused the token in QBIZ_SCIM_TOKEN"},
		{"member unknown", "right", "member ghost is no user with an email address and no group"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, _ := Open("scim:"+srv.URL, func(string) string { return tc.token }, srv.Client())
			_, err := src.Directory(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			if tc.token != "" && strings.Contains(err.Error(), tc.token) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}
