package retrieval

import (
	"slices"
	"strings"
	"sync"
)

// maxVisEntries bounds the visibility cache; it is emptied when full.
const maxVisEntries = 512

// visibility is the set of documents one subject may read in one index
// generation, with the corpus statistics BM25 needs computed over that set
// only, so that unreadable documents cannot influence ranking.
type visibility struct {
	gen      uint64
	bits     []uint64
	n        int // readable documents
	totalLen int // sum of their weighted lengths
}

func (v *visibility) has(n int32) bool {
	return v.bits[n>>6]&(1<<(uint(n)&63)) != 0
}

// visCache memoises visibility per subject and index generation.
type visCache struct {
	mu sync.Mutex
	m  map[string]*visibility
}

// key identifies a subject: its user and its sorted groups.
func (s subject) key() string {
	groups := make([]string, 0, len(s.groups))
	for g := range s.groups {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	return s.user + "\x00" + strings.Join(groups, "\x00")
}

// visibility returns the subject's readable set; the caller holds ix.mu
// (read or write).
func (ix *Index) visibility(s subject) *visibility {
	key := s.key()
	ix.vis.mu.Lock()
	v := ix.vis.m[key]
	ix.vis.mu.Unlock()
	if v != nil && v.gen == ix.gen {
		return v
	}
	v = &visibility{gen: ix.gen, bits: make([]uint64, (len(ix.entries)+63)/64)}
	memo := make([]int8, len(ix.acls.acls)) // 0 unknown, 1 readable, -1 not
	for n, e := range ix.entries {
		if e == nil || !ix.readable(s, e, memo) {
			continue
		}
		v.bits[n>>6] |= 1 << (uint(n) & 63)
		v.n++
		v.totalLen += e.length
	}
	ix.vis.mu.Lock()
	if ix.vis.m == nil || len(ix.vis.m) >= maxVisEntries {
		ix.vis.m = map[string]*visibility{}
	}
	ix.vis.m[key] = v
	ix.vis.mu.Unlock()
	return v
}

// readable evaluates e's ACL for s once per distinct ACL.
func (ix *Index) readable(s subject, e *entry, memo []int8) bool {
	if e.acl == publicACL {
		return true
	}
	if memo[e.acl] == 0 {
		memo[e.acl] = -1
		if s.canRead(ix.acls.acls[e.acl]) {
			memo[e.acl] = 1
		}
	}
	return memo[e.acl] == 1
}
