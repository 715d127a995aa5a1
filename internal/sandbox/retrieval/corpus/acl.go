package corpus

import "github.com/qbiz/qbiz/internal/sandbox/retrieval"

// Demo identities and groups.
const (
	Mary       = "mary_major@example.com"
	Mateo      = "mateo_jackson@example.com"
	Demo1      = "demo1@example.com"
	CoreTeam   = "core-team"
	AnyOrgTeam = "anyorg-team"
	Finance    = "finance"
)

func allow(kind, name string) retrieval.Principal {
	return retrieval.Principal{Kind: kind, Name: name, Access: retrieval.AccessAllow}
}

func deny(kind, name string) retrieval.Principal {
	return retrieval.Principal{Kind: kind, Name: name, Access: retrieval.AccessDeny}
}

// anyOf allows any one of the principals.
func anyOf(ps ...retrieval.Principal) *retrieval.ACL {
	return &retrieval.ACL{AccessControls: []retrieval.AccessControl{{Principals: ps, MemberRelation: retrieval.RelationOr}}}
}

// acmeACL: Mary or anyone in core-team.
func acmeACL() *retrieval.ACL {
	return anyOf(allow(retrieval.KindUser, Mary), allow(retrieval.KindGroup, CoreTeam))
}

// anyOrgACL: Mateo or anyone in anyorg-team.
func anyOrgACL() *retrieval.ACL {
	return anyOf(allow(retrieval.KindUser, Mateo), allow(retrieval.KindGroup, AnyOrgTeam))
}

// acmeHRACL: core-team, except demo1 (DENY overrides ALLOW).
func acmeHRACL() *retrieval.ACL {
	return anyOf(allow(retrieval.KindGroup, CoreTeam), deny(retrieval.KindUser, Demo1))
}

// acmeFinanceACL: members of both core-team AND finance.
func acmeFinanceACL() *retrieval.ACL {
	return &retrieval.ACL{
		MemberRelation: retrieval.RelationAnd,
		AccessControls: []retrieval.AccessControl{
			{Principals: []retrieval.Principal{allow(retrieval.KindGroup, CoreTeam)}},
			{Principals: []retrieval.Principal{allow(retrieval.KindGroup, Finance)}},
		},
	}
}
