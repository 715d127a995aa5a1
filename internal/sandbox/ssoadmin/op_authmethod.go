package ssoadmin

import (
	"bytes"
	"encoding/json"
	"sort"
)

type iamMethod struct {
	ActorPolicy json.RawMessage `json:"ActorPolicy"`
}

// wireAuthMethod is the AuthenticationMethod union.
type wireAuthMethod struct {
	Iam *iamMethod `json:"Iam,omitempty"`
}

func putAuthMethod(c *call) (any, error) {
	var in struct {
		ApplicationArn           string
		AuthenticationMethodType string
		AuthenticationMethod     *wireAuthMethod
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var v validator
	v.arn("applicationArn", in.ApplicationArn, true, reAppARN)
	v.enum("authenticationMethodType", in.AuthenticationMethodType, true, AuthMethodIAM)
	switch m := in.AuthenticationMethod; {
	case m == nil:
		v.add(nil, "authenticationMethod", "Member must not be null")
	case m.Iam == nil:
		v.add(nil, "authenticationMethod.iam", "Member must not be null")
	case !isJSONObject(m.Iam.ActorPolicy):
		v.add(nil, "authenticationMethod.iam.actorPolicy", "Member must be a policy document object")
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.authorize(in.ApplicationArn); err != nil {
		return nil, err
	}
	return empty{}, c.h.s.PutAuthMethod(in.ApplicationArn, in.AuthenticationMethodType, in.AuthenticationMethod.Iam.ActorPolicy)
}

func isJSONObject(raw json.RawMessage) bool {
	var m map[string]any
	return len(bytes.TrimSpace(raw)) > 0 && json.Unmarshal(raw, &m) == nil && m != nil
}

type authMethodKeyIn struct{ ApplicationArn, AuthenticationMethodType string }

func (in authMethodKeyIn) validate() error {
	var v validator
	v.arn("applicationArn", in.ApplicationArn, true, reAppARN)
	v.enum("authenticationMethodType", in.AuthenticationMethodType, true, AuthMethodIAM)
	return v.err()
}

func (in authMethodKeyIn) resource() string { return in.ApplicationArn }

func (c *call) authMethodIn() (string, string, error) {
	var in authMethodKeyIn
	err := c.admit(&in)
	return in.ApplicationArn, in.AuthenticationMethodType, err
}

func getAuthMethod(c *call) (any, error) {
	arn, kind, err := c.authMethodIn()
	if err != nil {
		return nil, err
	}
	p, err := c.h.s.GetAuthMethod(arn, kind)
	if err != nil {
		return nil, err
	}
	return struct{ AuthenticationMethod wireAuthMethod }{wireAuthMethod{&iamMethod{p}}}, nil
}

type authMethodItem struct {
	AuthenticationMethodType string
	AuthenticationMethod     wireAuthMethod
}

func listAuthMethods(c *call) (any, error) {
	var in appListIn
	if err := c.admit(&in); err != nil {
		return nil, err
	}
	all, err := c.h.s.ListAuthMethods(in.ApplicationArn)
	if err != nil {
		return nil, err
	}
	items := make([]authMethodItem, 0, len(all))
	for k, p := range all {
		items = append(items, authMethodItem{k, wireAuthMethod{&iamMethod{p}}})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].AuthenticationMethodType < items[j].AuthenticationMethodType })
	items, next, err := page(items, in.NextToken, 0)
	if err != nil {
		return nil, err
	}
	return struct {
		AuthenticationMethods []authMethodItem
		NextToken             string `json:",omitempty"`
	}{items, next}, nil
}

func deleteAuthMethod(c *call) (any, error) {
	arn, kind, err := c.authMethodIn()
	if err != nil {
		return nil, err
	}
	return empty{}, c.h.s.DeleteAuthMethod(arn, kind)
}
