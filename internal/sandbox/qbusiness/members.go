package qbusiness

import "github.com/qbiz/qbiz/internal/sandbox/wire"

// appMember describes a resource kept in one of an application's maps,
// named by a path label: how to find it, show it and delete it.
type appMember[T any] struct {
	label string // path label and field name, e.g. "indexId"
	kind  string // resourceType of ResourceNotFoundException, e.g. "INDEX"
	noun  string // as AWS names it in messages, e.g. "Index"
	of    func(*application) map[string]T
	seq   func(T) int64 // creation order, the order of List*
	list  string        // List* output member, e.g. "indices"
	scope string        // pager scope prefix
	max   int           // maxResults bound and default
}

// find returns the application and the member named by the label; the
// caller holds s.mu.
func (m appMember[T]) find(s *Service, c *call) (*application, T, *wire.Error) {
	var zero T
	id := c.label(m.label)
	if e := checkID(m.label, id); e != nil {
		return nil, zero, e
	}
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return nil, zero, e
	}
	v, e := m.in(a, id)
	if e != nil {
		return nil, zero, e
	}
	return a, v, nil
}

// in returns a's member id, or ResourceNotFoundException; the caller
// holds s.mu.
func (m appMember[T]) in(a *application, id string) (T, *wire.Error) {
	v, ok := m.of(a)[id]
	if !ok {
		return v, notFound(m.kind, id, m.noun+" %s not found in application %s.", id, a.ID)
	}
	return v, nil
}

// get serves Get*: view renders the member found.
func (m appMember[T]) get(s *Service, c *call, view func(*application, T) any) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, v, e := m.find(s, c)
	if e != nil {
		return nil, e
	}
	return view(a, v), nil
}

// remove serves Delete*: the member must exist.
func (m appMember[T]) remove(s *Service, c *call) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, _, e := m.find(s, c)
	if e != nil {
		return nil, e
	}
	delete(m.of(a), c.label(m.label))
	return nil, nil
}

// listed serves List*: one page of the application's members in creation
// order, each rendered by view.
func (m appMember[T]) listed(s *Service, c *call, view func(*application, T) map[string]any) (any, *wire.Error) {
	size, token, e := pageParams(c.q, m.max, m.max)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return nil, e
	}
	all := sortedBySeq(m.of(a), m.seq)
	return listPage(s.pager, m.scope+":"+a.ID, token, size, all, m.list, func(v T) map[string]any { return view(a, v) })
}

func indexMember() appMember[*index] {
	return appMember[*index]{label: "indexId", kind: "INDEX", noun: "Index",
		of:  func(a *application) map[string]*index { return a.Indices },
		seq: func(ix *index) int64 { return ix.Seq }, list: "indices", scope: "indices", max: 100}
}

func retrieverMember() appMember[*retriever] {
	return appMember[*retriever]{label: "retrieverId", kind: "RETRIEVER", noun: "Retriever",
		of:  func(a *application) map[string]*retriever { return a.Retrievers },
		seq: func(rt *retriever) int64 { return rt.Seq }, list: "retrievers", scope: "retrievers", max: 50}
}

func webExperienceMember() appMember[*webExperience] {
	return appMember[*webExperience]{label: "webExperienceId", kind: "WEB_EXPERIENCE", noun: "Web experience",
		of:  func(a *application) map[string]*webExperience { return a.WebExperiences },
		seq: func(we *webExperience) int64 { return we.Seq }, list: "webExperiences", scope: "experiences", max: 100}
}
