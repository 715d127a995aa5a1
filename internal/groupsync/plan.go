package groupsync

import "slices"

// Action is what a sync does to one group.
type Action string

// Actions of a plan.
const (
	Put       Action = "put"
	Delete    Action = "delete"
	Unchanged Action = "unchanged"
)

// Change is one group's line of a plan. Added and Removed are the member
// changes when the group's current members are known; a put of a group
// whose members are unknown lists every member as Added and says why.
type Change struct {
	Group   string   `json:"group"`
	Action  Action   `json:"action"`
	Members []string `json:"members,omitempty"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
	Reason  string   `json:"reason,omitempty"`
}

// Plan is every group's change, by group name.
type Plan struct {
	Changes []Change `json:"changes"`
}

// Counts tallies a plan's or an apply's changes.
type Counts struct {
	Put       int `json:"put"`
	Deleted   int `json:"deleted"`
	Unchanged int `json:"unchanged"`
}

// Counts tallies p.
func (p Plan) Counts() Counts {
	var c Counts
	for _, ch := range p.Changes {
		switch ch.Action {
		case Put:
			c.Put++
		case Delete:
			c.Deleted++
		default:
			c.Unchanged++
		}
	}
	return c
}

// Diff plans how to make the index's groups want: put each wanted group
// that is missing, whose members differ or are unknown; delete each group
// the last sync put that the source no longer has. Groups qbiz never put
// and the source does not name are left alone.
func Diff(want Groups, have map[string]Current) Plan {
	var p Plan
	for _, name := range sortedKeys(want) {
		p.Changes = append(p.Changes, diffGroup(name, want[name], have[name], hasKey(have, name)))
	}
	for _, name := range sortedKeys(have) {
		if _, ok := want[name]; !ok && have[name].Managed {
			p.Changes = append(p.Changes, Change{Group: name, Action: Delete, Removed: have[name].Members, Reason: "no longer in the source"})
		}
	}
	return p
}

func diffGroup(name string, members []string, cur Current, exists bool) Change {
	c := Change{Group: name, Action: Put, Members: members}
	switch {
	case !exists:
		c.Added, c.Reason = members, "new group"
	case !cur.Known:
		c.Added, c.Reason = members, "members in the index unknown to qbiz"
	default:
		c.Added, c.Removed = minus(members, cur.Members), minus(cur.Members, members)
		if len(c.Added) == 0 && len(c.Removed) == 0 {
			c.Action = Unchanged
		}
	}
	return c
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// minus is the members of a not in b (both sorted).
func minus(a, b []string) []string {
	var out []string
	for _, m := range a {
		if _, found := slices.BinarySearch(b, m); !found {
			out = append(out, m)
		}
	}
	return out
}
