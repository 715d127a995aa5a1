package retrieval

import "strings"

// Access is the effect of a principal entry: AccessAllow or AccessDeny.
type Access string

// Access values.
const (
	AccessAllow Access = "ALLOW"
	AccessDeny  Access = "DENY"
)

// Principal kinds.
const (
	KindUser  = "USER"
	KindGroup = "GROUP"
)

// Member relations.
const (
	RelationAnd = "AND"
	RelationOr  = "OR"
)

// Principal is one user or group entry of an AccessControl.
type Principal struct {
	Kind   string // KindUser or KindGroup
	Name   string // user id (email or user name) or group name
	Access Access
}

// AccessControl is a list of principals combined with MemberRelation
// ("" means OR).
type AccessControl struct {
	Principals     []Principal
	MemberRelation string
}

// ACL mirrors Q Business accessConfiguration: access controls combined with
// MemberRelation ("" means OR).
type ACL struct {
	AccessControls []AccessControl
	MemberRelation string
}

// subject is the resolved identity an ACL is evaluated against.
type subject struct {
	user   string // lower-cased
	groups map[string]struct{}
}

func newSubject(c Caller, g Groups) subject {
	s := subject{user: strings.ToLower(strings.TrimSpace(c.User)), groups: map[string]struct{}{}}
	for _, name := range c.Groups {
		s.groups[name] = struct{}{}
	}
	if g != nil && s.user != "" {
		for _, name := range g.GroupsOf(c.User) {
			s.groups[name] = struct{}{}
		}
	}
	return s
}

// matches reports whether the principal names this subject. Unknown kinds
// never match. User ids compare case-insensitively, group names exactly.
func (s subject) matches(p Principal) bool {
	switch p.Kind {
	case KindUser:
		return s.user != "" && strings.ToLower(strings.TrimSpace(p.Name)) == s.user
	case KindGroup:
		_, ok := s.groups[p.Name]
		return ok
	}
	return false
}

// canRead evaluates an ACL. Rules (fail closed):
//   - nil ACL: readable by everyone;
//   - any matching principal whose access is not ALLOW (DENY or unknown)
//     denies, whatever the relations say (DENY overrides ALLOW);
//   - an AccessControl without ALLOW principals is neutral and skipped;
//   - otherwise its ALLOW principals are combined with its MemberRelation;
//   - the non-neutral AccessControls are combined with the ACL's
//     MemberRelation; if none is non-neutral the document is not readable.
//
// A relation other than "", OR or AND is treated as AND (the stricter one).
func (s subject) canRead(a *ACL) bool {
	if a == nil {
		return true
	}
	if s.denied(a) {
		return false
	}
	any := false
	for _, ac := range a.AccessControls {
		ok, neutral := s.allowedBy(ac)
		if neutral {
			continue
		}
		any = true
		if ok && isOr(a.MemberRelation) {
			return true
		}
		if !ok && !isOr(a.MemberRelation) {
			return false
		}
	}
	return any && !isOr(a.MemberRelation)
}

func (s subject) denied(a *ACL) bool {
	for _, ac := range a.AccessControls {
		for _, p := range ac.Principals {
			if p.Access != AccessAllow && s.matches(p) {
				return true
			}
		}
	}
	return false
}

// allowedBy combines the ALLOW principals of one AccessControl.
func (s subject) allowedBy(ac AccessControl) (ok, neutral bool) {
	seen := false
	for _, p := range ac.Principals {
		if p.Access != AccessAllow {
			continue
		}
		seen = true
		m := s.matches(p)
		if m && isOr(ac.MemberRelation) {
			return true, false
		}
		if !m && !isOr(ac.MemberRelation) {
			return false, false
		}
	}
	if !seen {
		return false, true
	}
	return !isOr(ac.MemberRelation), false
}

func isOr(rel string) bool { return rel == "" || rel == RelationOr }

func cloneACL(a *ACL) *ACL {
	if a == nil {
		return nil
	}
	out := &ACL{MemberRelation: a.MemberRelation, AccessControls: make([]AccessControl, len(a.AccessControls))}
	for i, ac := range a.AccessControls {
		out.AccessControls[i] = AccessControl{
			MemberRelation: ac.MemberRelation,
			Principals:     append([]Principal(nil), ac.Principals...),
		}
	}
	return out
}
