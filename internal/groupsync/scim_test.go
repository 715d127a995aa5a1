package groupsync

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// scimServer serves SCIM 2.0 /Groups and /Users a page of pageSize at a
// time, to the bearer token only, and counts the pages served.
type scimServer struct {
	token    string
	pageSize int
	groups   []map[string]any
	users    []map[string]any
	pages    int
}

func (s *scimServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+s.token {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	all := map[string][]map[string]any{"Groups": s.groups, "Users": s.users}[path.Base(r.URL.Path)]
	start, _ := strconv.Atoi(r.URL.Query().Get("startIndex"))
	count, _ := strconv.Atoi(r.URL.Query().Get("count"))
	if start < 1 || count < 1 {
		http.Error(w, "startIndex and count required", http.StatusBadRequest)
		return
	}
	lo := min(start-1, len(all))
	hi := min(lo+min(count, s.pageSize), len(all))
	s.pages++
	w.Header().Set("Content-Type", "application/scim+json")
	json.NewEncoder(w).Encode(map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:ListResponse"},
		"totalResults": len(all), "startIndex": start, "itemsPerPage": hi - lo, "Resources": all[lo:hi]})
}

func scimUserJSON(id, userName string, emails ...string) map[string]any {
	u := map[string]any{"id": id, "userName": userName}
	var es []map[string]any
	for i, e := range emails {
		es = append(es, map[string]any{"value": e, "primary": i == len(emails)-1})
	}
	if es != nil {
		u["emails"] = es
	}
	return u
}

func scimGroupJSON(id, name string, members ...[2]string) map[string]any {
	var ms []map[string]any
	for _, m := range members {
		ms = append(ms, map[string]any{"value": m[0], "type": m[1]})
	}
	return map[string]any{"id": id, "displayName": name, "members": ms}
}

func TestSCIMSource(t *testing.T) {
	s := &scimServer{token: "scim-secret", pageSize: 2,
		users: []map[string]any{scimUserJSON("u1", "mary", "old@example.com", "mary_major@example.com"), scimUserJSON("u2", "mateo_jackson@example.com"),
			scimUserJSON("u3", "demo", "demo1@example.com")},
		groups: []map[string]any{scimGroupJSON("g1", "core-team", [2]string{"u1", "User"}, [2]string{"g2", "Group"}),
			scimGroupJSON("g2", "leads", [2]string{"u2", "User"}), scimGroupJSON("g3", "demo-team", [2]string{"u3", ""})}}
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
	if s.pages != 4 {
		t.Errorf("served %d pages, want 4 (two of groups, two of users)", s.pages)
	}
}

func TestSCIMErrors(t *testing.T) {
	s := &scimServer{token: "right", pageSize: 10, groups: []map[string]any{scimGroupJSON("g1", "a", [2]string{"ghost", "User"})}}
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
