package qbusiness

import (
	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
)

// AppInfo summarises one application for the sandbox's info page and
// scenario code.
type AppInfo struct {
	ID                string
	ARN               string
	Name              string
	IdentityType      string
	RoleARN           string
	IAMProviderARN    string
	InstanceARN       string
	IDCApplicationARN string
	ClientIDs         []string
	AutoSubscribe     bool
	Attachments       bool
	IndexIDs          []string
	RetrieverIDs      []string
}

// Applications lists the applications in creation order.
func (s *Service) Applications() []AppInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []AppInfo
	for _, a := range sortedBySeq(s.apps, func(a *application) int64 { return a.Seq }) {
		info := AppInfo{ID: a.ID, ARN: a.ARN, Name: a.Name, IdentityType: a.IdentityType, RoleARN: a.RoleARN,
			IAMProviderARN: a.IAMProviderARN, InstanceARN: a.InstanceARN, IDCApplicationARN: a.IDCApplicationARN,
			ClientIDs: append([]string(nil), a.ClientIDs...), AutoSubscribe: a.AutoSubscribe == enabled, Attachments: a.Attachments == enabled}
		for _, ix := range sortedBySeq(a.Indices, func(i *index) int64 { return i.Seq }) {
			info.IndexIDs = append(info.IndexIDs, ix.ID)
		}
		for _, rt := range sortedBySeq(a.Retrievers, func(r *retriever) int64 { return r.Seq }) {
			info.RetrieverIDs = append(info.RetrieverIDs, rt.ID)
		}
		out = append(out, info)
	}
	return out
}

// PutDocuments indexes documents directly (scenario seeding, e.g. the demo
// corpus), bypassing BatchPutDocument's 10-document limit.
func (s *Service) PutDocuments(appID, indexID string, docs []retrieval.Document) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[appID]
	if !ok {
		return false
	}
	ix, ok := a.Indices[indexID]
	if !ok {
		return false
	}
	for _, d := range docs {
		if d.UpdatedAt.IsZero() {
			d.UpdatedAt = s.now()
		}
		s.storeDocument(ix, d)
	}
	return true
}
