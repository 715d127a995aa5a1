package ssoadmin

import "fmt"

type scopeOut struct {
	Scope             string
	AuthorizedTargets []string `json:",omitempty"`
}

func putScope(c *call) (any, error) {
	var in struct {
		ApplicationArn    string
		Scope             string
		AuthorizedTargets []string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var v validator
	v.arn("applicationArn", in.ApplicationArn, true, reAppARN)
	v.str("scope", in.Scope, true, 0, 0, reScope)
	if in.AuthorizedTargets != nil {
		v.count("authorizedTargets", len(in.AuthorizedTargets), 1, 10)
	}
	for i, t := range in.AuthorizedTargets {
		v.str(fmt.Sprintf("authorizedTargets.%d.member", i+1), t, true, 1, 100, reScopeTarget)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.authorize(in.ApplicationArn); err != nil {
		return nil, err
	}
	return empty{}, c.h.s.PutScope(in.ApplicationArn, AccessScope{Scope: in.Scope, AuthorizedTargets: in.AuthorizedTargets})
}

type scopeKeyIn struct{ ApplicationArn, Scope string }

func (in scopeKeyIn) validate() error {
	var v validator
	v.arn("applicationArn", in.ApplicationArn, true, reAppARN)
	v.str("scope", in.Scope, true, 0, 0, reScope)
	return v.err()
}

func (in scopeKeyIn) resource() string { return in.ApplicationArn }

func (c *call) scopeIn() (string, string, error) {
	var in scopeKeyIn
	err := c.admit(&in)
	return in.ApplicationArn, in.Scope, err
}

func getScope(c *call) (any, error) {
	arn, scope, err := c.scopeIn()
	if err != nil {
		return nil, err
	}
	sc, err := c.h.s.GetScope(arn, scope)
	if err != nil {
		return nil, err
	}
	return scopeOut{sc.Scope, sc.AuthorizedTargets}, nil
}

func listScopes(c *call) (any, error) {
	var in struct {
		listIn
		ApplicationArn string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var v validator
	v.arn("applicationArn", in.ApplicationArn, true, reAppARN)
	in.validate(&v)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.authorize(in.ApplicationArn); err != nil {
		return nil, err
	}
	all, err := c.h.s.ListScopes(in.ApplicationArn)
	if err != nil {
		return nil, err
	}
	max := in.max()
	if max == 0 {
		max = 10 // the model's default
	}
	out, next, err := pageOf(all, in.NextToken, max, func(sc AccessScope) scopeOut { return scopeOut{sc.Scope, sc.AuthorizedTargets} })
	if err != nil {
		return nil, err
	}
	return struct {
		Scopes    []scopeOut
		NextToken string `json:",omitempty"`
	}{out, next}, nil
}

func deleteScope(c *call) (any, error) {
	arn, scope, err := c.scopeIn()
	if err != nil {
		return nil, err
	}
	return empty{}, c.h.s.DeleteScope(arn, scope)
}
