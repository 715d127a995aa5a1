package iam

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/policy"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Role returns a role by ARN or by name.
func (s *Store) Role(arnOrName string) (Role, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.roleLocked(arnOrName)
	if !ok {
		return Role{}, false
	}
	return r.Role, true
}

func (s *Store) roleLocked(arnOrName string) (*roleRecord, bool) {
	if strings.HasPrefix(arnOrName, "arn:") {
		prefix := "arn:aws:iam::" + s.account + ":role/"
		rest, ok := strings.CutPrefix(arnOrName, prefix)
		if !ok {
			return nil, false
		}
		r, ok := s.st.Roles[strings.ToLower(rest[strings.LastIndex(rest, "/")+1:])]
		if !ok || r.ARN != arnOrName {
			return nil, false
		}
		return r, true
	}
	r, ok := s.st.Roles[strings.ToLower(arnOrName)]
	return r, ok
}

func (s *Store) mustRole(name string) (*roleRecord, *wire.Error) {
	r, ok := s.st.Roles[strings.ToLower(name)]
	if !ok {
		return nil, noSuchEntity("The role with name %s cannot be found.", name)
	}
	return r, nil
}

// RoleInput is what CreateRole takes.
type RoleInput struct {
	Name, Path, TrustPolicy, Description string
	MaxSessionDuration                   time.Duration
	Tags                                 []Tag
}

// CreateRole adds a role.
func (s *Store) CreateRole(in RoleInput) (Role, *wire.Error) {
	if _, err := policy.Parse([]byte(in.TrustPolicy), policy.Trust); err != nil {
		return Role{}, malformed(err)
	}
	if in.Path == "" {
		in.Path = "/"
	}
	if in.MaxSessionDuration == 0 {
		in.MaxSessionDuration = time.Hour
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.st.Roles[strings.ToLower(in.Name)]; ok {
		return Role{}, alreadyExists("Role with name %s already exists.", in.Name)
	}
	r := &roleRecord{Role: Role{ARN: s.arn("role", in.Path+in.Name), Name: in.Name, Path: in.Path,
		RoleID: newID("AROA"), TrustPolicy: in.TrustPolicy, MaxSessionDuration: in.MaxSessionDuration,
		Description: in.Description, CreateDate: s.now().UTC().Truncate(time.Second)}, Tags: in.Tags}
	s.st.Roles[strings.ToLower(in.Name)] = r
	return r.Role, nil
}

func (s *Store) getRole(name string) (roleRecord, *wire.Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, werr := s.mustRole(name)
	if werr != nil {
		return roleRecord{}, werr
	}
	return *r, nil
}

func (s *Store) deleteRole(name string) *wire.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, werr := s.mustRole(name)
	if werr != nil {
		return werr
	}
	if len(r.Attached) > 0 {
		return deleteConflict("Cannot delete entity, must detach all policies first.")
	}
	if len(r.Inline) > 0 {
		return deleteConflict("Cannot delete entity, must delete policies first.")
	}
	delete(s.st.Roles, strings.ToLower(name))
	return nil
}

func (s *Store) listRoles(pathPrefix string) []Role {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Role
	for _, r := range s.st.Roles {
		if strings.HasPrefix(r.Path, pathPrefix) {
			out = append(out, r.Role)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (s *Store) updateRole(name string, fn func(r *roleRecord) *wire.Error) *wire.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, werr := s.mustRole(name)
	if werr != nil {
		return werr
	}
	return fn(r)
}

func (s *Store) updateTrust(name, doc string) *wire.Error {
	if _, err := policy.Parse([]byte(doc), policy.Trust); err != nil {
		return malformed(err)
	}
	return s.updateRole(name, func(r *roleRecord) *wire.Error { r.TrustPolicy = doc; return nil })
}

func (s *Store) putRolePolicy(role, name, doc string) *wire.Error {
	if _, err := policy.Parse([]byte(doc), policy.Identity); err != nil {
		return malformed(err)
	}
	return s.updateRole(role, func(r *roleRecord) *wire.Error {
		if r.Inline == nil {
			r.Inline = map[string]string{}
		}
		r.Inline[name] = doc
		return nil
	})
}

func (s *Store) deleteRolePolicy(role, name string) *wire.Error {
	return s.updateRole(role, func(r *roleRecord) *wire.Error {
		if _, ok := r.Inline[name]; !ok {
			return noSuchEntity("The role policy with name %s cannot be found.", name)
		}
		delete(r.Inline, name)
		return nil
	})
}

func (s *Store) attachRolePolicy(role, arn string) *wire.Error {
	return s.updateRole(role, func(r *roleRecord) *wire.Error {
		if _, ok := s.policyLocked(arn); !ok {
			return noSuchEntity("Policy %s does not exist or is not attachable.", arn)
		}
		if !slices.Contains(r.Attached, arn) {
			r.Attached = append(r.Attached, arn)
		}
		return nil
	})
}

func (s *Store) detachRolePolicy(role, arn string) *wire.Error {
	return s.updateRole(role, func(r *roleRecord) *wire.Error {
		i := slices.Index(r.Attached, arn)
		if i < 0 {
			return noSuchEntity("Policy %s was not found.", arn)
		}
		r.Attached = slices.Delete(r.Attached, i, i+1)
		return nil
	})
}

func (s *Store) tagRole(role string, tags []Tag) *wire.Error {
	return s.updateRole(role, func(r *roleRecord) *wire.Error {
		merged := mergeTags(r.Tags, tags)
		if len(merged) > 50 {
			return wire.Errorf(409, "LimitExceeded", "The number of tags has reached the maximum limit.")
		}
		r.Tags = merged
		return nil
	})
}

func (s *Store) untagRole(role string, keys []string) *wire.Error {
	return s.updateRole(role, func(r *roleRecord) *wire.Error {
		r.Tags = slices.DeleteFunc(r.Tags, func(t Tag) bool { return slices.Contains(keys, t.Key) })
		return nil
	})
}

func mergeTags(old, add []Tag) []Tag {
	out := slices.Clone(old)
	for _, t := range add {
		i := slices.IndexFunc(out, func(o Tag) bool { return o.Key == t.Key })
		if i >= 0 {
			out[i] = t
		} else {
			out = append(out, t)
		}
	}
	return out
}
