package sandbox

import (
	"encoding/json"
	"net/http"
)

// disableUser disables one directory user, as an IdP administrator
// would: {"username": "..."}. The user can no longer sign in, and the
// OIDC provider's tokens of the user stop working, so a client that
// renews through the IdP is stopped at its next renewal. AWS credentials
// already issued stay valid until they expire.
func (s *Sandbox) disableUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Username string `json:"username"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<12)).Decode(&in); err != nil || in.Username == "" {
		http.Error(w, `want {"username": "..."}`, http.StatusBadRequest)
		return
	}
	u, ok := s.directory.Disable(in.Username)
	if !ok {
		http.Error(w, "no such user", http.StatusNotFound)
		return
	}
	s.oidc.RevokeSubject(u.Subject)
	w.WriteHeader(http.StatusNoContent)
}
