package iam

import (
	"strings"
	"sync"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/policy"
)

// docCache memoises parsed policy documents by text.
type docCache struct{ m sync.Map }

func (c *docCache) get(text string, kind policy.Kind) *policy.Document {
	key := string(rune('0'+kind)) + text
	if d, ok := c.m.Load(key); ok {
		return d.(*policy.Document)
	}
	d, err := policy.Parse([]byte(text), kind)
	if err != nil {
		return nil
	}
	c.m.Store(key, d)
	return d
}

// Authorize reports whether p's own identity policies allow action on
// resource: an assumed-role session is judged by its role's inline and
// attached policies, a user by its attached and inline policies, the
// account root always. conditionKeys are added to the principal's own keys
// (aws:PrincipalTag/*, aws:PrincipalArn, aws:PrincipalAccount, aws:userid).
func (s *Store) Authorize(p awsauth.Principal, action, resource string, conditionKeys map[string][]string) bool {
	if p.Account != s.account {
		return false
	}
	if p.Kind == "root" {
		return true
	}
	docs := s.identityDocs(p)
	if len(docs) == 0 {
		return false
	}
	ctx := principalKeys(p)
	for k, v := range conditionKeys {
		ctx[k] = v
	}
	r := policy.Request{Action: action, Resource: resource, Context: ctx}
	return policy.Evaluate(docs, r) == policy.Allow && s.sessionAllows(p, r)
}

// sessionAllows applies the session policy of p, if any: a session's
// permissions are the intersection of its role's and its session policy's.
func (s *Store) sessionAllows(p awsauth.Principal, r policy.Request) bool {
	if p.SessionPolicy == "" {
		return true
	}
	d := s.docs.get(p.SessionPolicy, policy.Identity)
	return d != nil && d.Evaluate(r) == policy.Allow
}

func (s *Store) identityDocs(p awsauth.Principal) []*policy.Document {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var texts []string
	var attached []string
	switch p.Kind {
	case "assumed-role":
		r, ok := s.roleLocked(p.RoleARN)
		if !ok || r.ARN != p.RoleARN {
			return nil
		}
		attached = r.Attached
		for _, d := range r.Inline {
			texts = append(texts, d)
		}
	case "user":
		u, ok := s.userByARNLocked(p.ARN)
		if !ok {
			return nil
		}
		attached = u.Attached
		for _, d := range u.Inline {
			texts = append(texts, d)
		}
	default:
		return nil
	}
	for _, a := range attached {
		if pol, ok := s.policyLocked(a); ok {
			texts = append(texts, pol.Document)
		}
	}
	docs := make([]*policy.Document, 0, len(texts))
	for _, t := range texts {
		if d := s.docs.get(t, policy.Identity); d != nil {
			docs = append(docs, d)
		}
	}
	return docs
}

func principalKeys(p awsauth.Principal) map[string][]string {
	ctx := map[string][]string{
		"aws:PrincipalArn":     {principalARN(p)},
		"aws:PrincipalAccount": {p.Account},
		"aws:userid":           {p.UserID},
		"aws:PrincipalType":    {principalType(p.Kind)},
	}
	if p.Kind == "user" {
		ctx["aws:username"] = []string{p.ARN[strings.LastIndex(p.ARN, "/")+1:]}
	}
	for k, v := range p.Tags {
		ctx["aws:PrincipalTag/"+k] = []string{v}
	}
	if p.SourceIdentity != "" {
		ctx["aws:SourceIdentity"] = []string{p.SourceIdentity}
	}
	return ctx
}

// principalARN is aws:PrincipalArn: the role ARN for assumed-role sessions.
func principalARN(p awsauth.Principal) string {
	if p.Kind == "assumed-role" && p.RoleARN != "" {
		return p.RoleARN
	}
	return p.ARN
}

func principalType(kind string) string {
	switch kind {
	case "assumed-role":
		return "AssumedRole"
	case "root":
		return "Account"
	}
	return "User"
}

// TrustRequest is what a role's trust policy is asked by STS.
type TrustRequest struct {
	// Principal is a federated provider ARN (oidc-provider/…, saml-provider/…)
	// or the calling AWS principal's ARN.
	Principal string
	// Actions must all be allowed (e.g. sts:AssumeRoleWithWebIdentity and sts:TagSession).
	Actions       []string
	ConditionKeys map[string][]string
}

// EvaluateTrust reports whether role's trust policy allows every action of req.
func (s *Store) EvaluateTrust(role Role, req TrustRequest) bool {
	doc := s.docs.get(role.TrustPolicy, policy.Trust)
	if doc == nil || len(req.Actions) == 0 {
		return false
	}
	r := policy.Request{Context: req.ConditionKeys}
	if isFederated(req.Principal) {
		r.PrincipalType, r.PrincipalIDs = "Federated", []string{req.Principal}
	} else {
		r.PrincipalType, r.PrincipalIDs = "AWS", s.awsPrincipalIDs(req.Principal)
		r.PrincipalAccount = arnAccount(req.Principal)
	}
	for _, a := range req.Actions {
		r.Action = a
		if doc.Evaluate(r) != policy.Allow {
			return false
		}
	}
	return true
}

func isFederated(arn string) bool {
	return strings.Contains(arn, ":oidc-provider/") || strings.Contains(arn, ":saml-provider/")
}

// awsPrincipalIDs returns the identifiers a trust policy may name for an
// AWS principal: itself and, for an assumed-role session, its role ARN.
func (s *Store) awsPrincipalIDs(arn string) []string {
	ids := []string{arn}
	rest, ok := strings.CutPrefix(arn, "arn:aws:sts::"+s.account+":assumed-role/")
	if !ok {
		return ids
	}
	name, _, _ := strings.Cut(rest, "/")
	if r, ok := s.Role(name); ok {
		ids = append(ids, r.ARN)
	}
	return ids
}

func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return ""
	}
	return parts[4]
}
