package qbusiness

import (
	"maps"
	"slices"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// tagMap keeps the tags given at creation.
func tagMap(tags []tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}

// listTagsForResource returns the tags of an application, index, data
// source, retriever or web experience, by ARN.
func (s *Service) listTagsForResource(c *call) (any, *wire.Error) {
	arn := c.label("resourceARN")
	if e := firstErr(checkLen("resourceARN", arn, 1, 1284), checkPattern("resourceARN", arn, arnPattern)); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, ok := s.tagsOf(arn)
	if !ok {
		return nil, notFound("RESOURCE", arn, "Resource %s not found.", arn)
	}
	out := []tag{}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, tag{Key: k, Value: tags[k]})
	}
	return map[string]any{"tags": out}, nil
}

// tagsOf finds the resource named by arn; the caller holds s.mu.
func (s *Service) tagsOf(arn string) (map[string]string, bool) {
	for _, a := range s.apps {
		var all []resource
		all = append(all, a.resource)
		for _, ix := range a.Indices {
			all = append(all, ix.resource)
			for _, ds := range ix.DataSources {
				all = append(all, ds.resource)
			}
		}
		for _, rt := range a.Retrievers {
			all = append(all, rt.resource)
		}
		for _, we := range a.WebExperiences {
			all = append(all, we.resource)
		}
		for _, r := range all {
			if r.ARN == arn {
				return r.Tags, true
			}
		}
	}
	return nil, false
}
