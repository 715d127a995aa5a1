package groupsync

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

func TestOktaSource(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "SSWS okta-secret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var body any
		switch r.URL.Path + "?" + r.URL.Query().Get("after") {
		case "/api/v1/groups?":
			w.Header().Add("Link", fmt.Sprintf(`<%s/api/v1/groups?limit=200>; rel="self"`, srv.URL))
			w.Header().Add("Link", fmt.Sprintf(`<%s/api/v1/groups?after=g1&limit=200>; rel="next"`, srv.URL))
			body = []any{map[string]any{"id": "g1", "profile": map[string]string{"name": "core-team"}}}
		case "/api/v1/groups?g1":
			body = []any{map[string]any{"id": "g2", "profile": map[string]string{"name": "empty"}}}
		case "/api/v1/groups/g1/users?":
			w.Header().Set("Link", fmt.Sprintf(`<%s/api/v1/groups/g1/users?after=u1>; rel="next"`, srv.URL))
			body = []any{map[string]any{"profile": map[string]string{"email": "mary_major@example.com", "login": "mary"}}}
		case "/api/v1/groups/g1/users?u1":
			body = []any{map[string]any{"profile": map[string]string{"login": "demo1@example.com"}}}
		case "/api/v1/groups/g2/users?":
			body = []any{}
		default:
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(body)
	}))
	defer srv.Close()
	src, err := Open("okta:"+srv.URL, func(k string) string { return map[string]string{OktaTokenEnv: "okta-secret"}[k] }, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	d, err := src.Directory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Directory{"core-team": {"mary_major@example.com", "demo1@example.com"}, "empty": nil}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("directory = %v, want %v", d, want)
	}
}

// A next link to another host is not followed: the token stays with the org.
func TestOktaNextLinkElsewhere(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Authorization") != ""
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "<"+other.URL+"/api/v1/groups?after=x>; rel=\"next\"")
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	src, _ := Open("okta:"+srv.URL, func(string) string { return "okta-secret" }, srv.Client())
	_, err := src.Directory(context.Background())
	if err == nil || !strings.Contains(err.Error(), "refusing to send the token") {
		t.Errorf("err = %v, want the foreign next link refused", err)
	}
	if leaked {
		t.Error("the token was sent to another host")
	}
}

func TestOktaErrors(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "SSWS right" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Link", "<"+srv.URL+"/api/v1/groups?limit=200>; rel=\"next\"") // itself again
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	for _, tc := range []struct{ token, want string }{
		{"", "okta: no token: set OKTA_API_TOKEN"},
		{"wrong", "401 Unauthorized: the service refused the token in OKTA_API_TOKEN"},
		{"right", "repeats an earlier page"},
	} {
		src, _ := Open("okta:"+srv.URL, func(string) string { return tc.token }, srv.Client())
		if _, err := src.Directory(context.Background()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("token %q: err = %v, want %q", tc.token, err, tc.want)
		}
	}
}
