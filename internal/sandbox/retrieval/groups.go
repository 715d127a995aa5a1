package retrieval

import (
	"slices"
	"strings"
	"sync"
)

// Caller is the identity asking a question: its user id (email or user name)
// and the groups already known for it (for example from the identity
// context).
type Caller struct {
	User   string
	Groups []string
}

// Groups resolves the groups a user belongs to, transitively.
type Groups interface {
	GroupsOf(user string) []string
}

// GroupStore holds PutGroup memberships: each group has member users and
// member groups (nesting is allowed, cycles are harmless). User ids match
// case-insensitively; group names are exact.
type GroupStore struct {
	mu     sync.RWMutex
	groups map[string]groupEntry
	byUser map[string][]string // lower-cased user -> groups listing it directly
	parent map[string][]string // group -> groups listing it as member group
}

type groupEntry struct {
	users, groups []string
}

// NewGroupStore returns an empty store.
func NewGroupStore() *GroupStore {
	return &GroupStore{groups: map[string]groupEntry{}}
}

// Put replaces the membership of group name.
func (g *GroupStore) Put(name string, users []string, groups []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.groups[name] = groupEntry{users: slices.Clone(users), groups: slices.Clone(groups)}
	g.reindex()
}

// Delete removes a group and reports whether it existed.
func (g *GroupStore) Delete(name string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.groups[name]; !ok {
		return false
	}
	delete(g.groups, name)
	g.reindex()
	return true
}

// Get returns copies of a group's member users and member groups.
func (g *GroupStore) Get(name string) (users, groups []string, ok bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	e, ok := g.groups[name]
	if !ok {
		return nil, nil, false
	}
	return slices.Clone(e.users), slices.Clone(e.groups), true
}

// List returns the group names in sorted order.
func (g *GroupStore) List() []string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	out := make([]string, 0, len(g.groups))
	for name := range g.groups {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// GroupsOf returns, sorted, every group that contains user directly or
// through member groups.
func (g *GroupStore) GroupsOf(user string) []string {
	key := strings.ToLower(strings.TrimSpace(user))
	if key == "" {
		return nil
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	seen := map[string]struct{}{}
	queue := slices.Clone(g.byUser[key])
	for len(queue) > 0 {
		name := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if _, ok := seen[name]; ok {
			continue
		}
		seen[name] = struct{}{}
		queue = append(queue, g.parent[name]...)
	}
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// reindex rebuilds the reverse maps; the caller holds the write lock.
func (g *GroupStore) reindex() {
	g.byUser = map[string][]string{}
	g.parent = map[string][]string{}
	for name, e := range g.groups {
		for _, u := range e.users {
			k := strings.ToLower(strings.TrimSpace(u))
			g.byUser[k] = append(g.byUser[k], name)
		}
		for _, child := range e.groups {
			g.parent[child] = append(g.parent[child], name)
		}
	}
}
