package diagnose

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
)

// statement is one statement of a trust policy, as far as the checks read it.
type statement struct {
	Sid       string
	Effect    string
	Principal principal
	Action    stringList
	Condition map[string]map[string]stringList
}

// principal is "*" or {"Federated"|"AWS"|"Service": one or many}.
type principal map[string]stringList

func (p *principal) UnmarshalJSON(data []byte) error {
	var star string
	if json.Unmarshal(data, &star) == nil {
		*p = principal{"*": {star}}
		return nil
	}
	var m map[string]stringList
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*p = m
	return nil
}

// allows reports whether p names arn under kind (Federated, AWS).
func (p principal) allows(kind, arn string) bool {
	if _, any := p["*"]; any {
		return true
	}
	for _, v := range p[kind] {
		if v == "*" || v == arn {
			return true
		}
	}
	return false
}

var errPolicy = errors.New("the policy is not a JSON policy document")

// parsePolicy reads a policy document, URL-encoded as IAM returns it or not.
func parsePolicy(doc string) ([]statement, error) {
	if dec, err := url.QueryUnescape(doc); err == nil && strings.HasPrefix(strings.TrimSpace(dec), "{") {
		doc = dec
	}
	var p struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(doc), &p) != nil || len(p.Statement) == 0 {
		return nil, errPolicy
	}
	var many []statement
	if json.Unmarshal(p.Statement, &many) == nil {
		return many, nil
	}
	var one statement
	if json.Unmarshal(p.Statement, &one) != nil {
		return nil, errPolicy
	}
	return []statement{one}, nil
}

// matchesAction reports whether the statement's actions cover action.
func (s statement) matchesAction(action string) bool {
	for _, a := range s.Action {
		if like(strings.ToLower(a), strings.ToLower(action)) {
			return true
		}
	}
	return false
}

// like is IAM's StringLike: * matches any run of characters (slashes
// included), ? exactly one.
func like(p, s string) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for i := len(s); i >= 0; i-- {
				if like(p[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || p[0] != s[0] {
				return false
			}
		}
		p, s = p[1:], s[1:]
	}
	return s == ""
}
