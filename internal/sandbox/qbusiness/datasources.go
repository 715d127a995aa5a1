package qbusiness

import (
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type dataSourceInput struct {
	DisplayName   *string        `json:"displayName"`
	Configuration map[string]any `json:"configuration"`
	Description   *string        `json:"description"`
	Tags          []tag          `json:"tags"`
	SyncSchedule  *string        `json:"syncSchedule"`
	RoleArn       *string        `json:"roleArn"`
	ClientToken   string         `json:"clientToken"`
}

func (in *dataSourceInput) validate() *wire.Error {
	if in.DisplayName == nil || in.Configuration == nil {
		return invalid("displayName and configuration are required")
	}
	errs := []*wire.Error{checkName("displayName", *in.DisplayName), checkTags(in.Tags), validateClientToken(in.ClientToken)}
	if in.Description != nil {
		errs = append(errs, checkLen("description", *in.Description, 0, 1000))
	}
	if in.SyncSchedule != nil {
		errs = append(errs, checkLen("syncSchedule", *in.SyncSchedule, 0, 998))
	}
	if in.RoleArn != nil {
		errs = append(errs, checkARN("roleArn", *in.RoleArn))
	}
	if t, _ := in.Configuration["type"].(string); t == "" {
		errs = append(errs, invalid("configuration must name the data source type in its 'type' member"))
	}
	return firstErr(errs...)
}

func (s *Service) createDataSource(c *call) (any, *wire.Error) {
	var in dataSourceInput
	if e := c.decodeValid(&in); e != nil {
		return nil, e
	}
	return s.inIndex(c, func(ix *index) (any, *wire.Error) {
		typ, _ := in.Configuration["type"].(string)
		ds := &dataSource{resource: s.newResource(ix.ARN + "/data-source/"), Name: *in.DisplayName, Type: typ, Config: in.Configuration}
		ds.Tags = tagMap(in.Tags)
		id := ds.ID
		if in.Description != nil {
			ds.Description = *in.Description
		}
		if in.RoleArn != nil {
			ds.RoleARN = *in.RoleArn
		}
		if in.SyncSchedule != nil {
			ds.Schedule = *in.SyncSchedule
		}
		ix.DataSources[id] = ds
		return map[string]string{"dataSourceId": id, "dataSourceArn": ds.ARN}, nil
	})
}

func (s *Service) dataSource(c *call) (*application, *index, *dataSource, *wire.Error) {
	id := c.label("dataSourceId")
	if e := checkID("dataSourceId", id); e != nil {
		return nil, nil, nil, e
	}
	a, ix, e := s.index(c)
	if e != nil {
		return nil, nil, nil, e
	}
	ds, ok := ix.DataSources[id]
	if !ok {
		return nil, nil, nil, notFound("DATA_SOURCE", id, "Data source %s not found in index %s.", id, ix.ID)
	}
	return a, ix, ds, nil
}

func (s *Service) getDataSource(c *call) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ix, ds, e := s.dataSource(c)
	if e != nil {
		return nil, e
	}
	out := map[string]any{"applicationId": a.ID, "indexId": ix.ID, "dataSourceId": ds.ID, "dataSourceArn": ds.ARN,
		"displayName": ds.Name, "type": ds.Type, "configuration": ds.Config, "status": active,
		"createdAt": wire.Epoch(ds.CreatedAt), "updatedAt": wire.Epoch(ds.UpdatedAt)}
	for k, v := range map[string]string{"description": ds.Description, "roleArn": ds.RoleARN, "syncSchedule": ds.Schedule} {
		if v != "" {
			out[k] = v
		}
	}
	return out, nil
}

func (s *Service) deleteDataSource(c *call) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ix, ds, e := s.dataSource(c)
	if e != nil {
		return nil, e
	}
	delete(ix.DataSources, ds.ID)
	return nil, nil
}

func (s *Service) listDataSources(c *call) (any, *wire.Error) {
	size, token, e := pageParams(c.q, 10, 10)
	if e != nil {
		return nil, e
	}
	return s.inIndex(c, func(ix *index) (any, *wire.Error) {
		all := sortedBySeq(ix.DataSources, func(d *dataSource) int64 { return d.Seq })
		return listPage(s.pager, "datasources:"+ix.ID, token, size, all, "dataSources", func(ds *dataSource) map[string]any {
			return map[string]any{"displayName": ds.Name, "dataSourceId": ds.ID, "type": ds.Type, "status": active,
				"createdAt": wire.Epoch(ds.CreatedAt), "updatedAt": wire.Epoch(ds.UpdatedAt)}
		})
	})
}
