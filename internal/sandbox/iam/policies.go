package iam

import (
	"sort"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/policy"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

func (s *Store) createPolicy(name, path, doc, description string, tags []Tag) (policyRecord, *wire.Error) {
	if _, err := policy.Parse([]byte(doc), policy.Identity); err != nil {
		return policyRecord{}, malformed(err)
	}
	if path == "" {
		path = "/"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	arn := s.arn("policy", path+name)
	for _, p := range s.st.Policies {
		if strings.EqualFold(p.Name, name) {
			return policyRecord{}, alreadyExists("A policy called %s already exists. Duplicate names are not allowed.", name)
		}
	}
	p := &policyRecord{ARN: arn, Name: name, Path: path, ID: newID("ANPA"), Description: description, Document: doc,
		CreateDate: s.now().UTC().Truncate(time.Second), Tags: tags}
	s.st.Policies[arn] = p
	return *p, nil
}

func (s *Store) getPolicy(arn string) (policyRecord, int, *wire.Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.policyLocked(arn)
	if !ok {
		return policyRecord{}, 0, noSuchEntity("Policy %s does not exist or is not attachable.", arn)
	}
	return *p, s.attachmentsLocked(arn), nil
}

func (s *Store) attachmentsLocked(arn string) int {
	n := 0
	for _, r := range s.st.Roles {
		for _, a := range r.Attached {
			if a == arn {
				n++
			}
		}
	}
	for _, u := range s.st.Users {
		for _, a := range u.Attached {
			if a == arn {
				n++
			}
		}
	}
	return n
}

func (s *Store) deletePolicy(arn string) *wire.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := awsManaged[arn]; ok {
		return wire.Errorf(400, "UnmodifiableEntity", "Cannot delete policy %s because it is an AWS managed policy.", arn)
	}
	if _, ok := s.st.Policies[arn]; !ok {
		return noSuchEntity("Policy %s does not exist or is not attachable.", arn)
	}
	if s.attachmentsLocked(arn) > 0 {
		return deleteConflict("Cannot delete a policy attached to entities.")
	}
	delete(s.st.Policies, arn)
	return nil
}

type listedPolicy struct {
	rec         policyRecord
	attachments int
}

func (s *Store) listPolicies(scope, pathPrefix string, onlyAttached bool) []listedPolicy {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []listedPolicy
	add := func(p *policyRecord) {
		n := s.attachmentsLocked(p.ARN)
		if strings.HasPrefix(p.Path, pathPrefix) && (!onlyAttached || n > 0) {
			out = append(out, listedPolicy{*p, n})
		}
	}
	if scope != "Local" {
		for _, p := range awsManaged {
			add(p)
		}
	}
	if scope != "AWS" {
		for _, p := range s.st.Policies {
			add(p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rec.ARN < out[j].rec.ARN })
	return out
}
