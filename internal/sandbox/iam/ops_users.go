package iam

import (
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

func createUserOp(s *Store, c *call) (string, runner) {
	name := c.name("UserName", "userName", 64)
	path := c.path("Path")
	return s.arn("user", path+name), func() (any, *wire.Error) {
		u, werr := s.createUser(name, path)
		if werr != nil {
			return nil, werr
		}
		return struct{ User xmlUser }{userXML(u)}, nil
	}
}

func getUserOp(s *Store, c *call) (string, runner) {
	name := c.str("UserName")
	return s.arn("user", name), func() (any, *wire.Error) {
		if name == "" {
			return nil, wire.ValidationError("Must specify userName when calling with non-User credentials")
		}
		u, werr := s.getUser(name)
		if werr != nil {
			return nil, werr
		}
		return struct{ User xmlUser }{userXML(u)}, nil
	}
}

func attachUserPolicyOp(s *Store, c *call) (string, runner) {
	name, arn := c.need("UserName", "userName"), c.policyARN()
	return s.arn("user", name), func() (any, *wire.Error) { return nil, s.attachUserPolicy(name, arn) }
}
