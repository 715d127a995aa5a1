package iam

import (
	"slices"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// CreateUser adds (or finds) the IAM user name at path "/" and returns its ARN.
func (s *Store) CreateUser(name string) string {
	u, werr := s.createUser(name, "/")
	if werr != nil {
		s.mu.RLock()
		defer s.mu.RUnlock()
		return s.st.Users[strings.ToLower(name)].ARN
	}
	return u.ARN
}

func (s *Store) createUser(name, path string) (userRecord, *wire.Error) {
	if path == "" {
		path = "/"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.Users[strings.ToLower(name)]; ok {
		return userRecord{}, alreadyExists("User with name %s already exists.", name)
	}
	u := &userRecord{ARN: s.arn("user", path+name), Name: name, Path: path, ID: newID("AIDA"), CreateDate: s.now().UTC().Truncate(time.Second)}
	s.st.Users[strings.ToLower(name)] = u
	return *u, nil
}

// User returns a user's ARN and id by name.
func (s *Store) User(name string) (arn, id string, ok bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.st.Users[strings.ToLower(name)]
	if !ok {
		return "", "", false
	}
	return u.ARN, u.ID, true
}

func (s *Store) getUser(name string) (userRecord, *wire.Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.st.Users[strings.ToLower(name)]
	if !ok {
		return userRecord{}, noSuchEntity("The user with name %s cannot be found.", name)
	}
	return *u, nil
}

func (s *Store) userByARNLocked(arn string) (*userRecord, bool) {
	for _, u := range s.st.Users {
		if u.ARN == arn {
			return u, true
		}
	}
	return nil, false
}

// AttachUserPolicy attaches a managed policy to a user.
func (s *Store) AttachUserPolicy(user, policyARN string) error {
	if werr := s.attachUserPolicy(user, policyARN); werr != nil {
		return werr
	}
	return nil
}

func (s *Store) attachUserPolicy(user, policyARN string) *wire.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.Users[strings.ToLower(user)]
	if !ok {
		return noSuchEntity("The user with name %s cannot be found.", user)
	}
	if _, ok := s.policyLocked(policyARN); !ok {
		return noSuchEntity("Policy %s does not exist or is not attachable.", policyARN)
	}
	if !slices.Contains(u.Attached, policyARN) {
		u.Attached = append(u.Attached, policyARN)
	}
	return nil
}
