package session

import (
	"container/heap"
	"time"
)

// expiring is a map whose entries end at a given time. A min-heap on the
// end lets a sweep drop the ended entries without scanning the live ones,
// so nothing runs per entry (no goroutine, no timer) while it waits.
// It is not safe for concurrent use; Memory guards it.
type expiring[V any] struct {
	items map[string]*expiringItem[V]
	order expiringHeap[V]
}

type expiringItem[V any] struct {
	key   string
	val   V
	until time.Time
	index int // position in the heap
}

func newExpiring[V any]() *expiring[V] {
	return &expiring[V]{items: map[string]*expiringItem[V]{}}
}

// get returns the entry under key if it has not ended at now.
func (m *expiring[V]) get(key string, now time.Time) (*expiringItem[V], bool) {
	it, ok := m.items[key]
	if !ok || !now.Before(it.until) {
		return nil, false
	}
	return it, true
}

// set inserts or replaces the entry under key, ending at until.
func (m *expiring[V]) set(key string, val V, until time.Time) {
	if it, ok := m.items[key]; ok {
		it.val, it.until = val, until
		heap.Fix(&m.order, it.index)
		return
	}
	it := &expiringItem[V]{key: key, val: val, until: until}
	m.items[key] = it
	heap.Push(&m.order, it)
}

// remove deletes the entry under key, ended or not.
func (m *expiring[V]) remove(key string) (*expiringItem[V], bool) {
	it, ok := m.items[key]
	if !ok {
		return nil, false
	}
	delete(m.items, key)
	heap.Remove(&m.order, it.index)
	return it, true
}

// sweep removes up to limit entries that ended at now (limit < 0: all),
// calling ended for each.
func (m *expiring[V]) sweep(now time.Time, limit int, ended func(*expiringItem[V])) {
	for n := 0; len(m.order) > 0 && (limit < 0 || n < limit); n++ {
		it := m.order[0]
		if now.Before(it.until) {
			return
		}
		heap.Pop(&m.order)
		delete(m.items, it.key)
		if ended != nil {
			ended(it)
		}
	}
}

func (m *expiring[V]) len() int { return len(m.items) }

// expiringHeap orders items by their end (container/heap).
type expiringHeap[V any] []*expiringItem[V]

func (h expiringHeap[V]) Len() int           { return len(h) }
func (h expiringHeap[V]) Less(i, j int) bool { return h[i].until.Before(h[j].until) }
func (h expiringHeap[V]) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}

func (h *expiringHeap[V]) Push(x any) {
	it := x.(*expiringItem[V])
	it.index = len(*h)
	*h = append(*h, it)
}

func (h *expiringHeap[V]) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return it
}
