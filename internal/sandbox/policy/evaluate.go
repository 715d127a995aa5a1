package policy

import "strings"

// Decision is the outcome of an evaluation.
type Decision int

const (
	// ImplicitDeny means no statement allowed the request.
	ImplicitDeny Decision = iota
	// Allow means a statement allowed it and none denied it.
	Allow
	// Deny means a statement explicitly denied it.
	Deny
)

func (d Decision) String() string {
	return [...]string{"ImplicitDeny", "Allow", "Deny"}[d]
}

// Request is what is being asked.
type Request struct {
	// PrincipalType is the Principal block key that names the caller:
	// "AWS", "Federated" or "Service". Only trust and resource policies use it.
	PrincipalType string
	// PrincipalIDs are the identifiers that denote the caller (for an assumed
	// role session: the session ARN and the role ARN).
	PrincipalIDs []string
	// PrincipalAccount makes "arn:aws:iam::{acct}:root" and "{acct}" match.
	PrincipalAccount string
	Action           string
	// Resource is the ARN acted on; empty for trust policies.
	Resource string
	// Context holds the condition keys (matched case-insensitively).
	Context map[string][]string
}

// Evaluate combines several documents: an explicit Deny in any wins, then an
// Allow in any, else ImplicitDeny.
func Evaluate(docs []*Document, r Request) Decision {
	ctx := lowerKeys(r.Context)
	out := ImplicitDeny
	for _, d := range docs {
		switch d.evaluate(r, ctx) {
		case Deny:
			return Deny
		case Allow:
			out = Allow
		}
	}
	return out
}

// Evaluate evaluates one document.
func (d *Document) Evaluate(r Request) Decision { return Evaluate([]*Document{d}, r) }

func (d *Document) evaluate(r Request, ctx map[string][]string) Decision {
	out := ImplicitDeny
	vars := d.Version == "2012-10-17"
	for i := range d.Statements {
		s := &d.Statements[i]
		if !s.applies(r, ctx, vars) {
			continue
		}
		if !s.Allow {
			return Deny
		}
		out = Allow
	}
	return out
}

func (s *Statement) applies(r Request, ctx map[string][]string, vars bool) bool {
	if s.Principal != nil && !s.Principal.matches(r) {
		return false
	}
	if s.NotPrincipal != nil && s.NotPrincipal.matches(r) {
		return false
	}
	if !s.actionMatches(r.Action) || !s.resourceMatches(r.Resource, ctx, vars) {
		return false
	}
	for _, c := range s.Conditions {
		if !c.eval(ctx, vars) {
			return false
		}
	}
	return true
}

func (s *Statement) actionMatches(action string) bool {
	if s.Action != nil {
		return anyMatch(s.Action, action, true)
	}
	return !anyMatch(s.NotAction, action, true)
}

func (s *Statement) resourceMatches(resource string, ctx map[string][]string, vars bool) bool {
	if !s.hasResource {
		return true
	}
	match := func(pats []string) bool {
		for _, p := range pats {
			if sp, ok := substitute(p, ctx, vars); ok && Match(sp, resource, false) {
				return true
			}
		}
		return false
	}
	if s.Resource != nil {
		return match(s.Resource)
	}
	return !match(s.NotResource)
}

func anyMatch(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if Match(p, s, fold) {
			return true
		}
	}
	return false
}

func (p *Principals) matches(r Request) bool {
	if p.Any {
		return true
	}
	for _, v := range p.Values[r.PrincipalType] {
		if v == "*" {
			return true
		}
		if r.PrincipalType == "AWS" && r.PrincipalAccount != "" &&
			(v == r.PrincipalAccount || v == "arn:aws:iam::"+r.PrincipalAccount+":root") {
			return true
		}
		for _, id := range r.PrincipalIDs {
			if v == id {
				return true
			}
		}
	}
	return false
}

func (c Condition) eval(ctx map[string][]string, vars bool) bool {
	vals, present := ctx[strings.ToLower(c.Key)]
	present = present && len(vals) > 0
	if c.Operator == "Null" {
		for _, v := range c.Values {
			if strings.EqualFold(v, "true") != present {
				return true
			}
		}
		return false
	}
	op := operators[c.Operator]
	if !present {
		switch {
		case c.Set == ForAllValues:
			return true
		case c.Set == ForAnyValue:
			return false
		case c.IfExists:
			return true
		}
		return op.negated
	}
	return c.compare(op, vals, ctx, vars)
}

func (c Condition) compare(op operator, vals []string, ctx map[string][]string, vars bool) bool {
	pols := make([]string, 0, len(c.Values))
	for _, v := range c.Values {
		if sv, ok := substitute(v, ctx, vars); ok {
			pols = append(pols, sv)
		}
	}
	one := func(cv string) bool {
		hit := false
		for _, pv := range pols {
			if op.match(cv, pv) {
				hit = true
				break
			}
		}
		return hit != op.negated
	}
	if c.Set == ForAllValues {
		for _, cv := range vals {
			if !one(cv) {
				return false
			}
		}
		return true
	}
	for _, cv := range vals {
		if one(cv) {
			return true
		}
	}
	return false
}

func lowerKeys(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, v := range m {
		lk := strings.ToLower(k)
		out[lk] = append(out[lk], v...)
	}
	return out
}
