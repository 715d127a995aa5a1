package retrieval

import "testing"

func user(name string, a Access) Principal  { return Principal{Kind: KindUser, Name: name, Access: a} }
func group(name string, a Access) Principal { return Principal{Kind: KindGroup, Name: name, Access: a} }

func one(rel string, ps ...Principal) *ACL {
	return &ACL{AccessControls: []AccessControl{{Principals: ps, MemberRelation: rel}}}
}

func TestCanRead(t *testing.T) {
	gs := NewGroupStore()
	gs.Put("eng", []string{"Ann@Example.com"}, nil)
	gs.Put("rnd", nil, []string{"eng"})     // ann via eng
	gs.Put("company", nil, []string{"rnd"}) // ann via rnd via eng
	gs.Put("loop-a", []string{"bob@example.com"}, []string{"loop-b"})
	gs.Put("loop-b", nil, []string{"loop-a"})
	ann := Caller{User: "ann@example.com"}
	bob := Caller{User: "bob@example.com"}
	carl := Caller{User: "carl@example.com", Groups: []string{"sales"}}
	tests := []struct {
		name   string
		acl    *ACL
		caller Caller
		want   bool
	}{
		{"nil ACL is public", nil, carl, true},
		{"nil ACL anonymous", nil, Caller{}, true},
		{"empty ACL fails closed", &ACL{}, ann, false},
		{"allow user", one("", user("ann@example.com", AccessAllow)), ann, true},
		{"allow other user", one("", user("bob@example.com", AccessAllow)), ann, false},
		{"user case-insensitive", one("", user("ANN@EXAMPLE.COM", AccessAllow)), ann, true},
		{"user surrounding spaces", one("", user(" ann@example.com ", AccessAllow)), ann, true},
		{"empty caller never matches empty user", one("", user("", AccessAllow)), Caller{}, false},
		{"allow caller group", one("", group("sales", AccessAllow)), carl, true},
		{"group names exact", one("", group("Sales", AccessAllow)), carl, false},
		{"allow store group", one("", group("eng", AccessAllow)), ann, true},
		{"nested group", one("", group("rnd", AccessAllow)), ann, true},
		{"doubly nested group", one("", group("company", AccessAllow)), ann, true},
		{"cyclic groups", one("", group("loop-b", AccessAllow)), bob, true},
		{"cycle without member", one("", group("loop-b", AccessAllow)), ann, false},
		{"deny user overrides allow group", one("", group("eng", AccessAllow), user("ann@example.com", AccessDeny)), ann, false},
		{"deny nested group overrides allow user", one("", user("ann@example.com", AccessAllow), group("company", AccessDeny)), ann, false},
		{"deny in other control overrides", &ACL{AccessControls: []AccessControl{
			{Principals: []Principal{user("ann@example.com", AccessAllow)}},
			{Principals: []Principal{group("eng", AccessDeny)}},
		}}, ann, false},
		{"deny others only", one("", group("eng", AccessAllow), user("bob@example.com", AccessDeny)), ann, true},
		{"deny only ACL fails closed", one("", user("bob@example.com", AccessDeny)), ann, false},
		{"unknown access counts as deny", one("", group("eng", AccessAllow), user("ann@example.com", "MAYBE")), ann, false},
		{"unknown kind never matches", one("", Principal{Kind: "ROLE", Name: "ann@example.com", Access: AccessAllow}), ann, false},
		{"OR within control", one("OR", user("bob@example.com", AccessAllow), group("eng", AccessAllow)), ann, true},
		{"AND within control, all match", one("AND", user("ann@example.com", AccessAllow), group("rnd", AccessAllow)), ann, true},
		{"AND within control, one misses", one("AND", user("ann@example.com", AccessAllow), group("sales", AccessAllow)), ann, false},
		{"unknown relation is AND", one("XOR", user("ann@example.com", AccessAllow), group("sales", AccessAllow)), ann, false},
		{"controls OR default", &ACL{AccessControls: []AccessControl{
			{Principals: []Principal{group("sales", AccessAllow)}},
			{Principals: []Principal{group("eng", AccessAllow)}},
		}}, ann, true},
		{"controls AND, both match", &ACL{MemberRelation: "AND", AccessControls: []AccessControl{
			{Principals: []Principal{group("eng", AccessAllow)}},
			{Principals: []Principal{user("ann@example.com", AccessAllow)}},
		}}, ann, true},
		{"controls AND, one misses", &ACL{MemberRelation: "AND", AccessControls: []AccessControl{
			{Principals: []Principal{group("eng", AccessAllow)}},
			{Principals: []Principal{group("sales", AccessAllow)}},
		}}, ann, false},
		{"controls AND skips deny-only control", &ACL{MemberRelation: "AND", AccessControls: []AccessControl{
			{Principals: []Principal{group("eng", AccessAllow)}},
			{Principals: []Principal{user("bob@example.com", AccessDeny)}},
		}}, ann, true},
		{"caller groups and store groups combine", &ACL{MemberRelation: "AND", AccessControls: []AccessControl{
			{Principals: []Principal{group("eng", AccessAllow)}},
			{Principals: []Principal{group("extra", AccessAllow)}},
		}}, Caller{User: "ann@example.com", Groups: []string{"extra"}}, true},
	}
	ix := NewIndex()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.CanRead(Document{ID: "d", ACL: tt.acl}, tt.caller, gs); got != tt.want {
				t.Fatalf("CanRead = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCanReadNilGroups(t *testing.T) {
	ix := NewIndex()
	d := Document{ACL: one("", group("eng", AccessAllow))}
	if ix.CanRead(d, Caller{User: "ann@example.com"}, nil) {
		t.Fatal("nil Groups must not grant store groups")
	}
	if !ix.CanRead(d, Caller{User: "ann@example.com", Groups: []string{"eng"}}, nil) {
		t.Fatal("caller groups must apply with nil Groups")
	}
}
