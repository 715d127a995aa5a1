package qbusiness

import (
	"sort"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type putGroupInput struct {
	GroupName    string `json:"groupName"`
	DataSourceID string `json:"dataSourceId"`
	Type         string `json:"type"`
	GroupMembers *struct {
		MemberGroups []struct {
			GroupName string `json:"groupName"`
			Type      string `json:"type"`
		} `json:"memberGroups"`
		MemberUsers []struct {
			UserID string `json:"userId"`
			Type   string `json:"type"`
		} `json:"memberUsers"`
		S3 *s3Location `json:"s3PathForGroupMembers"`
	} `json:"groupMembers"`
	RoleArn *string `json:"roleArn"`
}

func (in *putGroupInput) validate() *wire.Error {
	if in.Type == "" || in.GroupMembers == nil {
		return invalid("groupName, type and groupMembers are required")
	}
	errs := []*wire.Error{checkPrintable("groupName", in.GroupName, 1, 1024), checkEnum("type", in.Type, "INDEX", "DATASOURCE"),
		checkOptionalID("dataSourceId", in.DataSourceID)}
	if in.RoleArn != nil {
		errs = append(errs, checkARN("roleArn", *in.RoleArn))
	}
	if in.GroupMembers.S3 != nil {
		errs = append(errs, invalid("groupMembers.s3PathForGroupMembers is not available in this sandbox; list memberUsers and memberGroups inline"))
	}
	for _, g := range in.GroupMembers.MemberGroups {
		errs = append(errs, checkPrintable("groupMembers.memberGroups.member.groupName", g.GroupName, 1, 1024),
			checkEnum("groupMembers.memberGroups.member.type", g.Type, "INDEX", "DATASOURCE"))
	}
	for _, u := range in.GroupMembers.MemberUsers {
		errs = append(errs, checkPrintable("groupMembers.memberUsers.member.userId", u.UserID, 1, 1024),
			checkEnum("groupMembers.memberUsers.member.type", u.Type, "INDEX", "DATASOURCE"))
	}
	return firstErr(errs...)
}

func (s *Service) putGroup(c *call) (any, *wire.Error) {
	var in putGroupInput
	if e := c.decodeValid(&in); e != nil {
		return nil, e
	}
	return s.inIndex(c, func(ix *index) (any, *wire.Error) {
		if in.DataSourceID != "" && ix.DataSources[in.DataSourceID] == nil {
			return nil, notFound("DATA_SOURCE", in.DataSourceID, "Data source %s not found in index %s.", in.DataSourceID, ix.ID)
		}
		g := &groupMeta{Name: in.GroupName, DataSourceID: in.DataSourceID, UpdatedAt: s.now()}
		for _, u := range in.GroupMembers.MemberUsers {
			g.Users = append(g.Users, u.UserID)
		}
		for _, m := range in.GroupMembers.MemberGroups {
			g.Groups = append(g.Groups, m.GroupName)
		}
		ix.Groups[g.Name] = g
		ix.groupsSet.Put(g.Name, g.Users, g.Groups)
		return nil, nil
	})
}

func (s *Service) group(c *call) (*index, *groupMeta, *wire.Error) {
	name := c.label("groupName")
	if e := firstErr(checkPrintable("groupName", name, 1, 1024), checkOptionalID("dataSourceId", c.q.Get("dataSourceId"))); e != nil {
		return nil, nil, e
	}
	_, ix, e := s.index(c)
	if e != nil {
		return nil, nil, e
	}
	g, ok := ix.Groups[name]
	if !ok {
		return nil, nil, notFound("GROUP", name, "Group %s not found in index %s.", name, ix.ID)
	}
	return ix, g, nil
}

func (s *Service) getGroup(c *call) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, g, e := s.group(c)
	if e != nil {
		return nil, e
	}
	st := map[string]any{"status": "SUCCEEDED", "lastUpdatedAt": wire.Epoch(g.UpdatedAt)}
	return map[string]any{"status": st, "statusHistory": []any{st}}, nil
}

func (s *Service) deleteGroup(c *call) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix, g, e := s.group(c)
	if e != nil {
		return nil, e
	}
	delete(ix.Groups, g.Name)
	ix.groupsSet.Delete(g.Name)
	return nil, nil
}

func (s *Service) listGroups(c *call) (any, *wire.Error) {
	size, token, e := pageParams(c.q, 10, 10)
	if e != nil {
		return nil, e
	}
	before, e := queryTime(c.q.Get("updatedEarlierThan"), "updatedEarlierThan")
	if e != nil {
		return nil, e
	}
	ds := c.q.Get("dataSourceId")
	if e := checkOptionalID("dataSourceId", ds); e != nil {
		return nil, e
	}
	return s.inIndex(c, func(ix *index) (any, *wire.Error) {
		scope := "groups:" + ix.ID + ":" + ds + ":" + c.q.Get("updatedEarlierThan")
		return listPage(s.pager, scope, token, size, ix.groupNames(before, ds), "items", func(n string) map[string]string {
			return map[string]string{"groupName": n}
		})
	})
}

func (ix *index) groupNames(before time.Time, ds string) []string {
	var out []string
	for name, g := range ix.Groups {
		if g.UpdatedAt.Truncate(time.Millisecond).After(before) || (ds != "" && g.DataSourceID != ds) {
			continue
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// queryTime parses a restJson1 query timestamp (RFC 3339 date-time).
func queryTime(v, field string) (time.Time, *wire.Error) {
	if v == "" {
		return time.Time{}, invalidField(field, "Value at '%s' failed to satisfy constraint: Member must not be null", field)
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, invalidField(field, "Value at '%s' is not a valid date-time timestamp", field)
	}
	return t, nil
}
