package api_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestMeIsWhoTheUserIsAndNeverAKey(t *testing.T) {
	e := newEnv(t)
	w := e.do(mary, http.MethodGet, "/api/me", "")
	wantJSON(t, w, http.StatusOK)
	want := `{"email":"mary@example.com","name":"mary","issuer":"https://idp.example.com","subject":"sub-mary","idp":"corp",` +
		`"mode":"oidc","expires":"2026-12-04T20:00:00Z"}` + "\n"
	if got := w.Body.String(); got != want {
		t.Errorf("me\n%s\nwant\n%s", got, want)
	}
	for _, secret := range []string{"ASIAMARY", "secret-key-of-mary", "session-token-of-mary"} {
		if strings.Contains(w.Body.String(), secret) {
			t.Errorf("/api/me shows %s", secret)
		}
	}
	if ops := e.q.ops(); len(ops) != 0 {
		t.Errorf("calls %v, want none", ops)
	}
}

func TestRoutesAnswerJSONForEveryRefusal(t *testing.T) {
	for _, tc := range []struct {
		name, method, path string
		status             int
		allow              string
	}{
		{"unknown route", http.MethodGet, "/api/nope", http.StatusNotFound, ""},
		{"below a route", http.MethodGet, "/api/me/x", http.StatusNotFound, ""},
		{"two segments", http.MethodGet, "/api/conversations/" + marysConv + "/x", http.StatusNotFound, ""},
		{"an extension, not an id", http.MethodGet, "/api/conversations/x.css", http.StatusNotFound, ""},
		{"an id with an extension", http.MethodGet, "/api/conversations/" + marysConv + ".css", http.StatusNotFound, ""},
		{"empty id", http.MethodGet, "/api/conversations/", http.StatusNotFound, ""},
		{"outside the API", http.MethodGet, "/", http.StatusNotFound, ""},
		{"GET chat", http.MethodGet, "/api/chat", http.StatusMethodNotAllowed, "POST"},
		{"POST me", http.MethodPost, "/api/me", http.StatusMethodNotAllowed, "GET"},
		{"DELETE the list", http.MethodDelete, "/api/conversations", http.StatusMethodNotAllowed, "GET"},
		{"PUT a conversation", http.MethodPut, "/api/conversations/" + marysConv, http.StatusMethodNotAllowed, "GET, DELETE"},
		{"GET feedback", http.MethodGet, "/api/feedback", http.StatusMethodNotAllowed, "POST"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.file(t, marysConv, mary)
			w := e.do(mary, tc.method, tc.path, "")
			body := wantJSON(t, w, tc.status)
			if body["message"] == "" || w.Header().Get("Allow") != tc.allow {
				t.Errorf("body %v, Allow %q; want a message and Allow %q", body, w.Header().Get("Allow"), tc.allow)
			}
			if ops := e.q.ops(); len(ops) != 0 {
				t.Errorf("calls %v, want none", ops)
			}
		})
	}
}

func TestNoUserOrNoCredentialsIsUnauthorized(t *testing.T) {
	e := newEnv(t)
	noCreds := *mary
	noCreds.Credentials = nil // never signed with the gateway's own credentials
	wantJSON(t, e.do(nil, http.MethodGet, "/api/me", ""), http.StatusUnauthorized)
	wantJSON(t, e.do(&noCreds, http.MethodGet, "/api/conversations", ""), http.StatusUnauthorized)
	if ops := e.q.ops(); len(ops) != 0 {
		t.Errorf("calls %v, want none", ops)
	}
}
