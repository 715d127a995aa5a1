package groupsync

import (
	"reflect"
	"testing"
	"time"
)

func TestDiff(t *testing.T) {
	at := time.Unix(1700000000, 0)
	known := func(m ...string) Current { return Current{UpdatedAt: at, Known: true, Managed: true, Members: m} }
	for _, tc := range []struct {
		name string
		want Groups
		have map[string]Current
		plan []Change
	}{
		{name: "new group", want: Groups{"a": {"a@x.com"}}, have: nil,
			plan: []Change{{Group: "a", Action: Put, Members: []string{"a@x.com"}, Added: []string{"a@x.com"}, Reason: "new group"}}},
		{name: "unchanged", want: Groups{"a": {"a@x.com", "b@x.com"}}, have: map[string]Current{"a": known("a@x.com", "b@x.com")},
			plan: []Change{{Group: "a", Action: Unchanged, Members: []string{"a@x.com", "b@x.com"}}}},
		{name: "member added and removed", want: Groups{"a": {"a@x.com", "c@x.com"}}, have: map[string]Current{"a": known("a@x.com", "b@x.com")},
			plan: []Change{{Group: "a", Action: Put, Members: []string{"a@x.com", "c@x.com"}, Added: []string{"c@x.com"}, Removed: []string{"b@x.com"}}}},
		{name: "members unknown (changed since, or never put by qbiz)", want: Groups{"a": {"a@x.com"}}, have: map[string]Current{"a": {UpdatedAt: at}},
			plan: []Change{{Group: "a", Action: Put, Members: []string{"a@x.com"}, Added: []string{"a@x.com"}, Reason: "members in the index unknown to qbiz"}}},
		{name: "managed group gone from the source", want: Groups{}, have: map[string]Current{"old": known("o@x.com")},
			plan: []Change{{Group: "old", Action: Delete, Removed: []string{"o@x.com"}, Reason: "no longer in the source"}}},
		{name: "unmanaged group left alone", want: Groups{}, have: map[string]Current{"theirs": {UpdatedAt: at}}, plan: nil},
		{name: "emptied group is put empty", want: Groups{"a": nil}, have: map[string]Current{"a": known("a@x.com")},
			plan: []Change{{Group: "a", Action: Put, Removed: []string{"a@x.com"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff(tc.want, tc.have)
			if !reflect.DeepEqual(got.Changes, tc.plan) {
				t.Errorf("plan\n got %+v\nwant %+v", got.Changes, tc.plan)
			}
		})
	}
}

func TestPlanCounts(t *testing.T) {
	p := Plan{Changes: []Change{{Action: Put}, {Action: Put}, {Action: Delete}, {Action: Unchanged}}}
	if got := p.Counts(); got != (Counts{Put: 2, Deleted: 1, Unchanged: 1}) {
		t.Errorf("counts = %+v", got)
	}
}
