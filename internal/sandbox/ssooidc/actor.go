package ssooidc

import (
	"encoding/json"
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
)

const actionCreateToken = "sso-oauth:CreateTokenWithIAM"

// authorizeCaller checks that the signer holds sso-oauth:CreateTokenWithIAM
// on the application (IAM users, the sandbox administrator, always do) and
// that the application's ActorPolicy names it.
func (s *Service) authorizeCaller(x *exchange) *oauthError {
	p := x.caller
	allowed := p.Kind == "user" || (s.opts.Authorizer != nil && s.opts.Authorizer.Authorize(p, actionCreateToken, x.app.ARN, nil))
	if !allowed {
		return errAccessDenied("User: %s is not authorized to perform: %s on resource: %s", p.ARN, actionCreateToken, x.app.ARN)
	}
	doc, ok := s.opts.Admin.ActorPolicy(x.app.ARN)
	if !ok || !actorAllowed(doc, p, x.app.ARN) {
		return errAccessDenied("The caller is not allowed by the application's authentication method")
	}
	return nil
}

type actorPolicy struct {
	Statement statements `json:"Statement"`
}

type actorStatement struct {
	Effect    string          `json:"Effect"`
	Action    stringList      `json:"Action"`
	Principal json.RawMessage `json:"Principal"`
	Resource  stringList      `json:"Resource"`
}

// statements accepts a single statement object or a list.
type statements []actorStatement

func (s *statements) UnmarshalJSON(b []byte) error {
	var one actorStatement
	if json.Unmarshal(b, &one) == nil {
		*s = statements{one}
		return nil
	}
	var many []actorStatement
	err := json.Unmarshal(b, &many)
	*s = many
	return err
}

// stringList accepts a string or a list of strings.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*l = stringList{one}
		return nil
	}
	var many []string
	err := json.Unmarshal(b, &many)
	*l = many
	return err
}

// actorAllowed evaluates the actor policy: an explicit Deny wins, otherwise
// some Allow statement must match the action, resource and principal.
func actorAllowed(doc []byte, p awsauth.Principal, appARN string) bool {
	var pol actorPolicy
	if json.Unmarshal(doc, &pol) != nil {
		return false
	}
	allowed := false
	for _, st := range pol.Statement {
		if !matchAny(st.Action, actionCreateToken, true) || !matchAny(st.Resource, appARN, len(st.Resource) == 0) || !principalMatches(st.Principal, p) {
			continue
		}
		switch st.Effect {
		case "Deny":
			return false
		case "Allow":
			allowed = true
		}
	}
	return allowed
}

func matchAny(patterns []string, value string, emptyMatches bool) bool {
	if len(patterns) == 0 {
		return emptyMatches
	}
	for _, p := range patterns {
		if wildcardMatch(strings.ToLower(p), strings.ToLower(value)) {
			return true
		}
	}
	return false
}

// wildcardMatch matches IAM-style * and ? patterns in linear time
// (greedy matching with backtracking to the last star).
func wildcardMatch(pattern, s string) bool {
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p, i = p+1, i+1
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p, mark = star+1, mark+1
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// principalMatches reads Principal "*" or {"AWS": …} against the caller:
// its ARN, its role ARN, its account root or account id.
func principalMatches(raw json.RawMessage, p awsauth.Principal) bool {
	var star string
	if json.Unmarshal(raw, &star) == nil {
		return star == "*"
	}
	var m struct {
		AWS stringList `json:"AWS"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	ids := []string{p.ARN, p.RoleARN, "arn:aws:iam::" + p.Account + ":root", p.Account}
	for _, want := range m.AWS {
		for _, id := range ids {
			if id != "" && (want == "*" || want == id) {
				return true
			}
		}
	}
	return false
}
