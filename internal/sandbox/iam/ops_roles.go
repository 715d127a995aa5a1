package iam

import (
	"sort"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

func (s *Store) roleResource(name string) string {
	if r, ok := s.Role(name); ok {
		return r.ARN
	}
	return s.arn("role", name)
}

func createRole(s *Store, c *call) (string, runner) {
	in := RoleInput{Name: c.name("RoleName", "roleName", 64), Path: c.path("Path"),
		TrustPolicy: c.need("AssumeRolePolicyDocument", "assumeRolePolicyDocument"), Description: c.str("Description"), Tags: c.tags()}
	if n, ok := c.int("MaxSessionDuration", "maxSessionDuration", 3600, 43200); ok {
		in.MaxSessionDuration = time.Duration(n) * time.Second
	}
	if c.str("PermissionsBoundary") != "" {
		c.fail(wire.ValidationError("Permissions boundaries are not supported by the sandbox."))
	}
	return s.arn("role", in.Path+in.Name), func() (any, *wire.Error) {
		r, werr := s.CreateRole(in)
		if werr != nil {
			return nil, werr
		}
		return struct{ Role xmlRole }{roleXML(r, in.Tags)}, nil
	}
}

func getRole(s *Store, c *call) (string, runner) {
	name := c.need("RoleName", "roleName")
	return s.roleResource(name), func() (any, *wire.Error) {
		r, werr := s.getRole(name)
		if werr != nil {
			return nil, werr
		}
		return struct{ Role xmlRole }{roleXML(r.Role, r.Tags)}, nil
	}
}

func deleteRole(s *Store, c *call) (string, runner) {
	name := c.need("RoleName", "roleName")
	return s.roleResource(name), func() (any, *wire.Error) { return nil, s.deleteRole(name) }
}

func listRoles(s *Store, c *call) (string, runner) {
	prefix := c.str("PathPrefix")
	if prefix == "" {
		prefix = "/"
	}
	return "*", func() (any, *wire.Error) {
		all := s.listRoles(prefix)
		from, to, marker := c.page(len(all))
		if c.err != nil {
			return nil, c.err
		}
		out := make([]xmlRole, 0, to-from)
		for _, r := range all[from:to] {
			out = append(out, roleXML(r, nil))
		}
		return struct {
			Roles       []xmlRole `xml:"Roles>member"`
			IsTruncated bool
			Marker      string `xml:",omitempty"`
		}{out, marker != "", marker}, nil
	}
}

func updateRole(s *Store, c *call) (string, runner) {
	name := c.need("RoleName", "roleName")
	n, hasMax := c.int("MaxSessionDuration", "maxSessionDuration", 3600, 43200)
	desc, hasDesc := c.form["Description"]
	return s.roleResource(name), func() (any, *wire.Error) {
		return empty{}, s.updateRole(name, func(r *roleRecord) *wire.Error {
			if hasMax {
				r.MaxSessionDuration = time.Duration(n) * time.Second
			}
			if hasDesc {
				r.Description = desc[0]
			}
			return nil
		})
	}
}

func updateAssumeRolePolicy(s *Store, c *call) (string, runner) {
	name := c.need("RoleName", "roleName")
	doc := c.need("PolicyDocument", "policyDocument")
	return s.roleResource(name), func() (any, *wire.Error) { return nil, s.updateTrust(name, doc) }
}

func tagRole(s *Store, c *call) (string, runner) {
	name := c.need("RoleName", "roleName")
	tags := c.tags()
	return s.roleResource(name), func() (any, *wire.Error) { return nil, s.tagRole(name, tags) }
}

func untagRole(s *Store, c *call) (string, runner) {
	name := c.need("RoleName", "roleName")
	keys := c.list("TagKeys")
	return s.roleResource(name), func() (any, *wire.Error) { return nil, s.untagRole(name, keys) }
}

func listRoleTags(s *Store, c *call) (string, runner) {
	name := c.need("RoleName", "roleName")
	return s.roleResource(name), func() (any, *wire.Error) {
		r, werr := s.getRole(name)
		if werr != nil {
			return nil, werr
		}
		return struct {
			Tags        []xmlTag `xml:"Tags>member"`
			IsTruncated bool
		}{xmlTags(r.Tags), false}, nil
	}
}

func sortedNames(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
