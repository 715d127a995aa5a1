package iam

import (
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

func (c *call) policyARN() string {
	v := c.need("PolicyArn", "policyArn")
	if v != "" && (!strings.HasPrefix(v, "arn:aws:iam::") || !strings.Contains(v, ":policy/")) {
		c.fail(invalidInput("ARN %s is not valid.", v))
	}
	return v
}

func createPolicy(s *Store, c *call) (string, runner) {
	name := c.name("PolicyName", "policyName", 128)
	path := c.path("Path")
	doc := c.need("PolicyDocument", "policyDocument")
	desc, tags := c.str("Description"), c.tags()
	return s.arn("policy", path+name), func() (any, *wire.Error) {
		p, werr := s.createPolicy(name, path, doc, desc, tags)
		if werr != nil {
			return nil, werr
		}
		return struct{ Policy xmlPolicy }{policyXML(p, 0)}, nil
	}
}

func getPolicy(s *Store, c *call) (string, runner) {
	arn := c.policyARN()
	return arn, func() (any, *wire.Error) {
		p, n, werr := s.getPolicy(arn)
		if werr != nil {
			return nil, werr
		}
		return struct{ Policy xmlPolicy }{policyXML(p, n)}, nil
	}
}

func deletePolicy(s *Store, c *call) (string, runner) {
	arn := c.policyARN()
	return arn, func() (any, *wire.Error) { return nil, s.deletePolicy(arn) }
}

func listPolicies(s *Store, c *call) (string, runner) {
	scope := c.str("Scope")
	if scope != "" && scope != "All" && scope != "AWS" && scope != "Local" {
		c.fail(wire.Constraint(scope, "scope", "Member must satisfy enum value set: [All, AWS, Local]"))
	}
	prefix := c.str("PathPrefix")
	if prefix == "" {
		prefix = "/"
	}
	onlyAttached := c.str("OnlyAttached") == "true"
	return "*", func() (any, *wire.Error) {
		all := s.listPolicies(scope, prefix, onlyAttached)
		from, to, marker := c.page(len(all))
		if c.err != nil {
			return nil, c.err
		}
		out := make([]xmlPolicy, 0, to-from)
		for _, p := range all[from:to] {
			x := policyXML(p.rec, p.attachments)
			x.Tags = nil
			out = append(out, x)
		}
		return struct {
			Policies    []xmlPolicy `xml:"Policies>member"`
			IsTruncated bool
			Marker      string `xml:",omitempty"`
		}{out, marker != "", marker}, nil
	}
}

func getPolicyVersion(s *Store, c *call) (string, runner) {
	arn := c.policyARN()
	version := c.need("VersionId", "versionId")
	return arn, func() (any, *wire.Error) {
		p, _, werr := s.getPolicy(arn)
		if werr != nil {
			return nil, werr
		}
		if version != "v1" {
			return nil, noSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, version)
		}
		type pv struct {
			Document         string
			VersionId        string
			IsDefaultVersion bool
			CreateDate       string
		}
		return struct{ PolicyVersion pv }{pv{encodeDoc(p.Document), "v1", true, isoTime(p.CreateDate)}}, nil
	}
}

func attachRolePolicy(s *Store, c *call) (string, runner) {
	role, arn := c.need("RoleName", "roleName"), c.policyARN()
	return s.roleResource(role), func() (any, *wire.Error) { return nil, s.attachRolePolicy(role, arn) }
}

func detachRolePolicy(s *Store, c *call) (string, runner) {
	role, arn := c.need("RoleName", "roleName"), c.policyARN()
	return s.roleResource(role), func() (any, *wire.Error) { return nil, s.detachRolePolicy(role, arn) }
}

func listAttachedRolePolicies(s *Store, c *call) (string, runner) {
	role := c.need("RoleName", "roleName")
	return s.roleResource(role), func() (any, *wire.Error) {
		r, werr := s.getRole(role)
		if werr != nil {
			return nil, werr
		}
		out := make([]xmlAttached, 0, len(r.Attached))
		for _, a := range r.Attached {
			out = append(out, xmlAttached{PolicyName: a[strings.LastIndex(a, "/")+1:], PolicyArn: a})
		}
		return struct {
			AttachedPolicies []xmlAttached `xml:"AttachedPolicies>member"`
			IsTruncated      bool
		}{out, false}, nil
	}
}

func putRolePolicy(s *Store, c *call) (string, runner) {
	role, name := c.need("RoleName", "roleName"), c.name("PolicyName", "policyName", 128)
	doc := c.need("PolicyDocument", "policyDocument")
	return s.roleResource(role), func() (any, *wire.Error) { return nil, s.putRolePolicy(role, name, doc) }
}

func getRolePolicy(s *Store, c *call) (string, runner) {
	role, name := c.need("RoleName", "roleName"), c.need("PolicyName", "policyName")
	return s.roleResource(role), func() (any, *wire.Error) {
		r, werr := s.getRole(role)
		if werr != nil {
			return nil, werr
		}
		doc, ok := r.Inline[name]
		if !ok {
			return nil, noSuchEntity("The role policy with name %s cannot be found.", name)
		}
		return struct{ RoleName, PolicyName, PolicyDocument string }{r.Name, name, encodeDoc(doc)}, nil
	}
}

func deleteRolePolicy(s *Store, c *call) (string, runner) {
	role, name := c.need("RoleName", "roleName"), c.need("PolicyName", "policyName")
	return s.roleResource(role), func() (any, *wire.Error) { return nil, s.deleteRolePolicy(role, name) }
}

func listRolePolicies(s *Store, c *call) (string, runner) {
	role := c.need("RoleName", "roleName")
	return s.roleResource(role), func() (any, *wire.Error) {
		r, werr := s.getRole(role)
		if werr != nil {
			return nil, werr
		}
		return struct {
			PolicyNames []string `xml:"PolicyNames>member"`
			IsTruncated bool
		}{sortedNames(r.Inline), false}, nil
	}
}
