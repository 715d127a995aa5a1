package qbusiness

import (
	"encoding/json"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type retrieverInput struct {
	Type          string          `json:"type"`
	DisplayName   *string         `json:"displayName"`
	Configuration json.RawMessage `json:"configuration"`
	RoleArn       *string         `json:"roleArn"`
	ClientToken   string          `json:"clientToken"`
	Tags          []tag           `json:"tags"`
}

type retrieverConfig struct {
	Native *struct {
		IndexID string `json:"indexId"`
	} `json:"nativeIndexConfiguration"`
	Kendra *struct {
		IndexID string `json:"indexId"`
	} `json:"kendraIndexConfiguration"`
}

func (in *retrieverInput) validate() (string, *wire.Error) {
	if in.Type == "" || in.DisplayName == nil || len(in.Configuration) == 0 {
		return "", invalid("type, displayName and configuration are required")
	}
	e := firstErr(checkEnum("type", in.Type, "NATIVE_INDEX", "KENDRA_INDEX"), checkName("displayName", *in.DisplayName),
		checkTags(in.Tags), validateClientToken(in.ClientToken))
	if e == nil && in.RoleArn != nil {
		e = checkARN("roleArn", *in.RoleArn)
	}
	if e != nil {
		return "", e
	}
	var cfg retrieverConfig
	if err := json.Unmarshal(in.Configuration, &cfg); err != nil {
		return "", invalid("configuration could not be parsed").With("reason", reasonCannotParse)
	}
	if in.Type == "KENDRA_INDEX" || cfg.Kendra != nil {
		return "", invalid("KENDRA_INDEX retrievers are not available in this sandbox; use NATIVE_INDEX")
	}
	if cfg.Native == nil {
		return "", invalid("configuration.nativeIndexConfiguration is required for a NATIVE_INDEX retriever")
	}
	return cfg.Native.IndexID, checkID("configuration.nativeIndexConfiguration.indexId", cfg.Native.IndexID)
}

func (s *Service) createRetriever(c *call) (any, *wire.Error) {
	var in retrieverInput
	if e := c.decode(&in); e != nil {
		return nil, e
	}
	indexID, e := in.validate()
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.app(c.label("applicationId"))
	if e != nil {
		return nil, e
	}
	if _, ok := a.Indices[indexID]; !ok {
		return nil, notFound("INDEX", indexID, "Index %s not found in application %s.", indexID, a.ID)
	}
	if len(a.Retrievers) >= 1 {
		return nil, quotaExceeded("RETRIEVER", a.ID, "The number of retrievers for application %s exceeds the quota of 1.", a.ID)
	}
	rt := s.newRetriever(a, &in, indexID)
	a.Retrievers[rt.ID] = rt
	return map[string]string{"retrieverId": rt.ID, "retrieverArn": rt.ARN}, nil
}

func (s *Service) newRetriever(a *application, in *retrieverInput, indexID string) *retriever {
	var cfg map[string]any
	_ = json.Unmarshal(in.Configuration, &cfg)
	rt := &retriever{resource: s.newResource(a.ARN + "/retriever/"), Name: *in.DisplayName, Type: in.Type,
		IndexID: indexID, Config: cfg}
	rt.Tags = tagMap(in.Tags)
	if in.RoleArn != nil {
		rt.RoleARN = *in.RoleArn
	}
	return rt
}

func (s *Service) getRetriever(c *call) (any, *wire.Error) {
	return retrieverMember().get(s, c, retrieverView)
}

func retrieverView(a *application, rt *retriever) any {
	out := map[string]any{"applicationId": a.ID, "retrieverId": rt.ID, "retrieverArn": rt.ARN, "type": rt.Type,
		"status": active, "displayName": rt.Name, "configuration": rt.Config,
		"createdAt": wire.Epoch(rt.CreatedAt), "updatedAt": wire.Epoch(rt.UpdatedAt)}
	if rt.RoleARN != "" {
		out["roleArn"] = rt.RoleARN
	}
	return out
}

func (s *Service) deleteRetriever(c *call) (any, *wire.Error) {
	return retrieverMember().remove(s, c)
}

func (s *Service) listRetrievers(c *call) (any, *wire.Error) {
	return retrieverMember().listed(s, c, func(a *application, rt *retriever) map[string]any {
		return map[string]any{"applicationId": a.ID, "retrieverId": rt.ID, "type": rt.Type, "status": active, "displayName": rt.Name}
	})
}

// activeIndex returns the index behind the application's native retriever;
// the caller holds s.mu.
func (a *application) activeIndex() *index {
	for _, rt := range sortedBySeq(a.Retrievers, func(r *retriever) int64 { return r.Seq }) {
		if ix, ok := a.Indices[rt.IndexID]; ok {
			return ix
		}
	}
	return nil
}
