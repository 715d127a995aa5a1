// Package directory is the sandbox's user directory: the people who can
// sign in at the emulated IdP and whom Identity Center knows. It is shared by
// the OIDC and SAML IdPs, sso-oidc and Q Business.
package directory

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"sort"
	"strings"
	"sync"
)

// User is one person in the directory.
type User struct {
	Username string   `json:"username"`
	Password string   `json:"password"`
	Email    string   `json:"email"`
	Name     string   `json:"name"`
	Groups   []string `json:"groups"`
	// Subject is the stable, opaque IdP subject (sub / NameID).
	Subject string `json:"subject"`
	// IDCUserID is the user's id in the emulated Identity Center store.
	IDCUserID string `json:"idc_user_id"`
	// Disabled users cannot sign in (an administrator disabled them).
	Disabled bool `json:"disabled,omitempty"`
}

// Directory holds users keyed by lower-cased username.
type Directory struct {
	mu    sync.RWMutex
	users map[string]User
}

// New returns a directory holding users.
func New(users ...User) *Directory {
	d := &Directory{users: map[string]User{}}
	for _, u := range users {
		d.Put(u)
	}
	return d
}

// Put adds or replaces a user, deriving Subject and IDCUserID when empty.
func (d *Directory) Put(u User) {
	if u.Subject == "" {
		u.Subject = derivedID("sub", u.Username)
	}
	if u.IDCUserID == "" {
		u.IDCUserID = derivedUUID(u.Username)
	}
	if u.Email == "" {
		u.Email = u.Username
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.users[strings.ToLower(u.Username)] = u
}

// Authenticate returns the user when username and password match.
func (d *Directory) Authenticate(username, password string) (User, bool) {
	u, ok := d.Lookup(username)
	if !ok {
		// Compare anyway so timing does not reveal which usernames exist.
		subtle.ConstantTimeCompare([]byte(password), []byte("x"))
		return User{}, false
	}
	// A user without a password (an Identity Center-only user) never signs
	// in, not even with an empty password.
	if u.Password == "" || subtle.ConstantTimeCompare([]byte(password), []byte(u.Password)) != 1 || u.Disabled {
		return User{}, false
	}
	return u, true
}

// Disable stops username from signing in and returns the user.
func (d *Directory) Disable(username string) (User, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	key := strings.ToLower(username)
	u, ok := d.users[key]
	if ok {
		u.Disabled = true
		d.users[key] = u
	}
	return u, ok
}

// Lookup finds a user by username (case-insensitive).
func (d *Directory) Lookup(username string) (User, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	u, ok := d.users[strings.ToLower(username)]
	return u, ok
}

// BySubject finds a user by IdP subject.
func (d *Directory) BySubject(sub string) (User, bool) {
	return d.find(func(u User) bool { return u.Subject == sub })
}

// ByEmail finds a user by email (case-insensitive).
func (d *Directory) ByEmail(email string) (User, bool) {
	return d.find(func(u User) bool { return strings.EqualFold(u.Email, email) })
}

// ByIDCUserID finds a user by Identity Center user id.
func (d *Directory) ByIDCUserID(id string) (User, bool) {
	return d.find(func(u User) bool { return u.IDCUserID == id })
}

// All returns every user sorted by username.
func (d *Directory) All() []User {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]User, 0, len(d.users))
	for _, u := range d.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Username < out[j].Username })
	return out
}

func (d *Directory) find(match func(User) bool) (User, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	for _, u := range d.users {
		if match(u) {
			return u, true
		}
	}
	return User{}, false
}

func derivedID(prefix, s string) string {
	sum := sha256.Sum256([]byte(prefix + ":" + strings.ToLower(s)))
	return hex.EncodeToString(sum[:12])
}

func derivedUUID(s string) string {
	h := derivedID("idc", s) + derivedID("idc2", s)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
