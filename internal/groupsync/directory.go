package groupsync

import (
	"fmt"
	"slices"
	"strings"
)

// GroupPrefix marks a member that is a nested group: "group:NAME".
const GroupPrefix = "group:"

// Directory is what an identity provider says: group name → its direct
// members, each an email address or GroupPrefix+name.
type Directory map[string][]string

// Groups are flattened groups: name → sorted, distinct member emails.
type Groups map[string][]string

// Flatten resolves nested groups: each group's members are its own
// emails and those of every group nested in it, at any depth. A nested
// group the directory does not hold, or a cycle, is an error.
func Flatten(d Directory) (Groups, error) {
	f := flattener{d: d, out: Groups{}, state: map[string]int{}}
	for _, name := range sortedKeys(d) {
		if _, err := f.visit(name, nil); err != nil {
			return nil, err
		}
	}
	return f.out, nil
}

type flattener struct {
	d     Directory
	out   Groups
	state map[string]int // 1 visiting, 2 done
}

func (f *flattener) visit(name string, path []string) ([]string, error) {
	switch f.state[name] {
	case 2:
		return f.out[name], nil
	case 1:
		i := slices.Index(path, name)
		return nil, fmt.Errorf("nested groups form a cycle: %s", strings.Join(append(path[i:], name), " → "))
	}
	f.state[name] = 1
	path = append(path, name)
	var emails []string
	for _, m := range f.d[name] {
		sub, nested := strings.CutPrefix(m, GroupPrefix)
		if !nested {
			emails = append(emails, m)
			continue
		}
		if _, ok := f.d[sub]; !ok {
			return nil, fmt.Errorf("group %s: member %s names no group of the source", name, m)
		}
		got, err := f.visit(sub, path)
		if err != nil {
			return nil, err
		}
		emails = append(emails, got...)
	}
	slices.Sort(emails)
	f.out[name] = slices.Compact(emails)
	f.state[name] = 2
	return f.out[name], nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkMember refuses a member that is neither an email nor a nested group.
func checkMember(m string) error {
	if name, ok := strings.CutPrefix(m, GroupPrefix); ok {
		if name == "" {
			return fmt.Errorf("member %q names no group", m)
		}
		return nil
	}
	if at := strings.Index(m, "@"); at <= 0 || at == len(m)-1 || strings.ContainsAny(m, " \t") {
		return fmt.Errorf("member %q is not an email address (Q Business knows people by email)", m)
	}
	return nil
}
