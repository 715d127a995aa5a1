package qbusiness

import (
	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type capacity struct {
	Units *int `json:"units,omitempty"`
}

type indexInput struct {
	DisplayName *string   `json:"displayName"`
	Description *string   `json:"description"`
	Type        string    `json:"type"`
	Tags        []tag     `json:"tags"`
	Capacity    *capacity `json:"capacityConfiguration"`
	ClientToken string    `json:"clientToken"`
}

func (in *indexInput) validate(create bool) *wire.Error {
	if create && in.DisplayName == nil {
		return invalidField("displayName", "Value at 'displayName' failed to satisfy constraint: Member must not be null")
	}
	var errs []*wire.Error
	if in.DisplayName != nil {
		errs = append(errs, checkName("displayName", *in.DisplayName))
	}
	if in.Description != nil {
		errs = append(errs, checkLen("description", *in.Description, 0, 1000))
	}
	if in.Capacity != nil && in.Capacity.Units != nil && *in.Capacity.Units < 1 {
		errs = append(errs, invalidField("capacityConfiguration.units", "Value at 'capacityConfiguration.units' failed to satisfy constraint: Member must have value greater than or equal to 1"))
	}
	errs = append(errs, checkEnum("type", in.Type, "ENTERPRISE", "STARTER"), checkTags(in.Tags), validateClientToken(in.ClientToken))
	return firstErr(errs...)
}

func (s *Service) createIndex(c *call) (any, *wire.Error) {
	var in indexInput
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if e := in.validate(true); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return nil, e
	}
	if len(a.Indices) >= 1 {
		return nil, quotaExceeded("INDEX", a.ID, "The number of indices for application %s exceeds the quota of 1.", a.ID)
	}
	ix := s.newIndex(a, &in)
	a.Indices[ix.ID] = ix
	return map[string]string{"indexId": ix.ID, "indexArn": ix.ARN}, nil
}

func (s *Service) newIndex(a *application, in *indexInput) *index {
	ix := &index{resource: s.newResource(a.ARN + "/index/"), Name: *in.DisplayName, Type: in.Type,
		Docs: map[string]*docRecord{}, Groups: map[string]*groupMeta{},
		DataSources: map[string]*dataSource{}, engine: retrieval.NewIndex(), groupsSet: retrieval.NewGroupStore()}
	ix.Tags = tagMap(in.Tags)
	if ix.Type == "" {
		ix.Type = "ENTERPRISE"
	}
	if in.Description != nil {
		ix.Description = *in.Description
	}
	if in.Capacity != nil && in.Capacity.Units != nil {
		ix.Units = *in.Capacity.Units
	}
	return ix
}

// index returns the application's index; the caller holds s.mu.
func (s *Service) index(c *call) (*application, *index, *wire.Error) {
	return indexMember().find(s, c)
}

func (s *Service) getIndex(c *call) (any, *wire.Error) {
	return indexMember().get(s, c, indexView)
}

func indexView(a *application, ix *index) any {
	out := map[string]any{"applicationId": a.ID, "indexId": ix.ID, "displayName": ix.Name, "indexArn": ix.ARN,
		"status": active, "type": ix.Type, "createdAt": wire.Epoch(ix.CreatedAt), "updatedAt": wire.Epoch(ix.UpdatedAt),
		"indexStatistics": map[string]any{"textDocumentStatistics": ix.statistics()}}
	if ix.Description != "" {
		out["description"] = ix.Description
	}
	if ix.Units > 0 {
		out["capacityConfiguration"] = map[string]int{"units": ix.Units}
	}
	return out
}

func (ix *index) statistics() map[string]int {
	bytes, count := 0, 0
	for _, d := range ix.Docs {
		bytes += len(d.Doc.Content)
		count++
	}
	return map[string]int{"indexedTextBytes": bytes, "indexedTextDocumentCount": count}
}

func (s *Service) updateIndex(c *call) (any, *wire.Error) {
	var in indexInput
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	if e := in.validate(false); e != nil {
		return nil, e
	}
	return s.inIndex(c, func(ix *index) (any, *wire.Error) {
		if in.DisplayName != nil {
			ix.Name = *in.DisplayName
		}
		if in.Description != nil {
			ix.Description = *in.Description
		}
		if in.Capacity != nil && in.Capacity.Units != nil {
			ix.Units = *in.Capacity.Units
		}
		ix.UpdatedAt = s.now()
		return nil, nil
	})
}

func (s *Service) deleteIndex(c *call) (any, *wire.Error) {
	return indexMember().remove(s, c)
}

func (s *Service) listIndices(c *call) (any, *wire.Error) {
	return indexMember().listed(s, c, func(_ *application, ix *index) map[string]any {
		return map[string]any{"displayName": ix.Name, "indexId": ix.ID, "status": active,
			"createdAt": wire.Epoch(ix.CreatedAt), "updatedAt": wire.Epoch(ix.UpdatedAt)}
	})
}

// inIndex runs fn on the index the path names, holding s.mu.
func (s *Service) inIndex(c *call, fn func(*index) (any, *wire.Error)) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ix, e := s.index(c)
	if e != nil {
		return nil, e
	}
	return fn(ix)
}
