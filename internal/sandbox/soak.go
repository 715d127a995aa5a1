package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// SoakUser is one user of an isolation soak: how the user signs in and the
// canary only that user's chats may quote.
type SoakUser struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Email    string `json:"email"`
	// Subject is the user's sub at the OIDC IdP and NameID at the SAML IdP.
	Subject string `json:"subject"`
	// IdP is "oidc" or "saml"; the canary is indexed in that mode's application.
	IdP    string `json:"idp"`
	Canary string `json:"canary"`
}

// soakWorld holds the soak users; an email reassignment changes them.
type soakWorld struct {
	mu    sync.Mutex
	users []scenario.SoakUser
}

func (w *soakWorld) list() []SoakUser {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]SoakUser, 0, len(w.users))
	for _, u := range w.users {
		out = append(out, SoakUser{Username: u.Username, Password: u.Password, Email: u.Email, Subject: u.Subject, IdP: u.IdP, Canary: u.Canary})
	}
	return out
}

// SoakUsers returns the soak users as they are now.
func (s *Sandbox) SoakUsers() []SoakUser { return s.soak.list() }

// addSoakUsers makes n soak users and puts them in the directory.
func (s *Sandbox) addSoakUsers(n int) error {
	if n <= 0 {
		return nil
	}
	if s.opts.Scenario != ScenarioDemo || s.opts.StatePath != "" {
		return fmt.Errorf("start sandbox: soak users need the demo scenario and no state file")
	}
	users, err := scenario.SoakUsers(n, rand.Reader)
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	for i := range users {
		s.directory.Put(users[i].User)
		u, _ := s.directory.Lookup(users[i].Username)
		users[i].User = u
	}
	s.soak.users = users
	return nil
}

// provisionSoak indexes every soak user's canary.
func (s *Sandbox) provisionSoak(ctx context.Context, boot *bootServer) error {
	if len(s.soak.users) == 0 {
		return nil
	}
	cfg := s.AdminConfig()
	cfg.HTTPClient = boot.client()
	apps := make([]scenario.Application, 0, len(s.info.Applications))
	for _, a := range s.info.Applications {
		apps = append(apps, scenario.Application(a))
	}
	if err := scenario.LoadCanaries(ctx, cfg, apps, s.soak.users); err != nil {
		return fmt.Errorf("provision soak canaries: %w", err)
	}
	return nil
}

// reassignEmail gives user to the email of user from, as an IdP
// administrator does when a person leaves: from gets a new address, and the
// canaries' ACLs follow the addresses, as the documents' owner would set them.
func (s *Sandbox) reassignEmail(w http.ResponseWriter, r *http.Request) {
	var in struct{ From, To string }
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<12)).Decode(&in); err != nil {
		http.Error(w, "body must be {\"from\": USERNAME, \"to\": USERNAME}", http.StatusBadRequest)
		return
	}
	changed, err := s.soak.reassign(in.From, in.To)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, u := range changed {
		s.directory.Put(u.User)
	}
	apps := make([]scenario.Application, 0, len(s.info.Applications))
	for _, a := range s.info.Applications {
		apps = append(apps, scenario.Application(a))
	}
	cfg := s.AdminConfig()
	defer cfg.HTTPClient.(*http.Client).CloseIdleConnections()
	if err := scenario.LoadCanaries(r.Context(), cfg, apps, changed); err != nil {
		http.Error(w, "re-index canaries: "+err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, s.SoakUsers())
}

// reassign moves from's email to user to and gives from a new one; both
// must be soak users of the same IdP.
func (w *soakWorld) reassign(from, to string) ([]scenario.SoakUser, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	i := slices.IndexFunc(w.users, func(u scenario.SoakUser) bool { return u.Username == from })
	j := slices.IndexFunc(w.users, func(u scenario.SoakUser) bool { return u.Username == to })
	if i < 0 || j < 0 || i == j || w.users[i].IdP != w.users[j].IdP {
		return nil, fmt.Errorf("from and to must be two soak users of the same IdP")
	}
	w.users[j].Email = w.users[i].Email
	w.users[i].Email = w.users[i].Username + ".moved@" + scenario.SoakDomain
	return []scenario.SoakUser{w.users[i], w.users[j]}, nil
}
