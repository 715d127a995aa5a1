package retrieval

import (
	"slices"
	"sync"
)

// posting records that a document (by internal number) holds a term.
type posting struct {
	doc int32
	tf  uint32
}

// Index is a concurrency-safe in-memory inverted index of documents.
type Index struct {
	mu       sync.RWMutex
	byID     map[string]int32
	entries  []*entry // by internal number; nil marks a removed document
	postings map[string][]posting
	acls     aclTable
	gen      uint64 // bumped on every change; keys the visibility cache
	vis      visCache
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byID: map[string]int32{}, postings: map[string][]posting{}}
}

// Put adds or replaces the document with d.ID.
func (ix *Index) Put(d Document) {
	e := newEntry(d.clone())
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old, ok := ix.byID[d.ID]; ok {
		ix.unlink(old)
	}
	ix.link(e)
	ix.gen++
	ix.maybeCompact()
}

// Delete removes the document and reports whether it existed.
func (ix *Index) Delete(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n, ok := ix.byID[id]
	if !ok {
		return false
	}
	ix.unlink(n)
	ix.gen++
	ix.maybeCompact()
	return true
}

// Get returns a copy of the document with the given id.
func (ix *Index) Get(id string) (Document, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n, ok := ix.byID[id]
	if !ok {
		return Document{}, false
	}
	return ix.entries[n].doc.clone(), true
}

// Len returns the number of documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// IDs returns the document ids in sorted order.
func (ix *Index) IDs() []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]string, 0, len(ix.byID))
	for id := range ix.byID {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// CanRead reports whether the caller may read d under d's ACL. The caller's
// groups are c.Groups plus g.GroupsOf(c.User) (g may be nil).
func (ix *Index) CanRead(d Document, c Caller, g Groups) bool {
	return newSubject(c, g).canRead(d.ACL)
}

// link appends e under a fresh internal number; postings stay sorted by
// number because numbers only grow.
func (ix *Index) link(e *entry) {
	n := int32(len(ix.entries))
	e.acl = ix.acls.intern(e.doc.ACL)
	ix.entries = append(ix.entries, e)
	ix.byID[e.doc.ID] = n
	for t, tf := range e.tf {
		ix.postings[t] = append(ix.postings[t], posting{doc: n, tf: tf})
	}
}

// unlink removes document number n from the postings and the id map.
func (ix *Index) unlink(n int32) {
	e := ix.entries[n]
	for t := range e.tf {
		ps := ix.postings[t]
		i, found := slices.BinarySearchFunc(ps, n, func(p posting, n int32) int { return int(p.doc - n) })
		if !found {
			continue
		}
		ps = slices.Delete(ps, i, i+1)
		if len(ps) == 0 {
			delete(ix.postings, t)
		} else {
			ix.postings[t] = ps
		}
	}
	ix.entries[n] = nil
	delete(ix.byID, e.doc.ID)
}

// maybeCompact renumbers documents once removed slots dominate.
func (ix *Index) maybeCompact() {
	live := len(ix.byID)
	if len(ix.entries) < 1024 || len(ix.entries) < 2*live {
		return
	}
	old := ix.entries
	ix.entries = make([]*entry, 0, live)
	ix.byID = make(map[string]int32, live)
	ix.postings = map[string][]posting{}
	ix.acls = aclTable{}
	for _, e := range old {
		if e != nil {
			ix.link(e)
		}
	}
}
