// Package scimtest is a SCIM 2.0 service for tests: /Groups and /Users
// served a page at a time by startIndex and count, to one bearer token.
package scimtest

import (
	"encoding/json"
	"net/http"
	"path"
	"strconv"
	"sync"
)

// Server serves Groups and Users to Token, at most PageSize a page.
type Server struct {
	Token    string
	PageSize int
	Groups   []Group
	Users    []User

	mu    sync.Mutex
	pages int
}

// Group is a SCIM group; a member is [id, "User"|"Group"|""].
type Group struct {
	ID, Name string
	Members  [][2]string
}

// User is a SCIM user; the last of Emails is the primary one.
type User struct {
	ID, UserName string
	Emails       []string
}

// Pages is how many list pages were served.
func (s *Server) Pages() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pages
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+s.Token {
		w.Header().Set("Content-Type", "application/scim+json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401"}`))
		return
	}
	var all []any
	switch path.Base(r.URL.Path) {
	case "Groups":
		for _, g := range s.Groups {
			all = append(all, groupJSON(g))
		}
	case "Users":
		for _, u := range s.Users {
			all = append(all, userJSON(u))
		}
	default:
		http.NotFound(w, r)
		return
	}
	start, _ := strconv.Atoi(r.URL.Query().Get("startIndex"))
	count, _ := strconv.Atoi(r.URL.Query().Get("count"))
	if start < 1 || count < 1 {
		http.Error(w, "startIndex and count required", http.StatusBadRequest)
		return
	}
	lo := min(start-1, len(all))
	hi := min(lo+min(count, max(s.PageSize, 1)), len(all))
	s.mu.Lock()
	s.pages++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/scim+json")
	json.NewEncoder(w).Encode(map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:ListResponse"},
		"totalResults": len(all), "startIndex": start, "itemsPerPage": hi - lo, "Resources": all[lo:hi]})
}

func groupJSON(g Group) map[string]any {
	ms := []map[string]any{}
	for _, m := range g.Members {
		e := map[string]any{"value": m[0]}
		if m[1] != "" {
			e["type"] = m[1]
		}
		ms = append(ms, e)
	}
	return map[string]any{"id": g.ID, "displayName": g.Name, "members": ms}
}

func userJSON(u User) map[string]any {
	out := map[string]any{"id": u.ID, "userName": u.UserName}
	var es []map[string]any
	for i, e := range u.Emails {
		es = append(es, map[string]any{"value": e, "primary": i == len(u.Emails)-1})
	}
	if es != nil {
		out["emails"] = es
	}
	return out
}
