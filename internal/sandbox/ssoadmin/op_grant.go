package ssoadmin

import "fmt"

// wireGrant is the Grant union.
type wireGrant struct {
	AuthorizationCode *struct {
		RedirectUris []string `json:"RedirectUris,omitempty"`
	} `json:"AuthorizationCode,omitempty"`
	JwtBearer *struct {
		AuthorizedTokenIssuers []AuthorizedTokenIssuer `json:"AuthorizedTokenIssuers,omitempty"`
	} `json:"JwtBearer,omitempty"`
	RefreshToken  *struct{} `json:"RefreshToken,omitempty"`
	TokenExchange *struct{} `json:"TokenExchange,omitempty"`
}

var grantTypes = []string{GrantAuthorizationCode, GrantRefreshToken, GrantJWTBearer, GrantTokenExchange}

// member names the single union member set, or "" when none or several are.
func (g wireGrant) member() (string, int) {
	set := map[string]bool{GrantAuthorizationCode: g.AuthorizationCode != nil, GrantJWTBearer: g.JwtBearer != nil,
		GrantRefreshToken: g.RefreshToken != nil, GrantTokenExchange: g.TokenExchange != nil}
	name, n := "", 0
	for k, ok := range set {
		if ok {
			name, n = k, n+1
		}
	}
	return name, n
}

func toWireGrant(g Grant) wireGrant {
	var w wireGrant
	switch g.Type {
	case GrantAuthorizationCode:
		w.AuthorizationCode = &struct {
			RedirectUris []string `json:"RedirectUris,omitempty"`
		}{g.RedirectURIs}
	case GrantJWTBearer:
		w.JwtBearer = &struct {
			AuthorizedTokenIssuers []AuthorizedTokenIssuer `json:"AuthorizedTokenIssuers,omitempty"`
		}{g.AuthorizedTokenIssuers}
	case GrantRefreshToken:
		w.RefreshToken = &struct{}{}
	case GrantTokenExchange:
		w.TokenExchange = &struct{}{}
	}
	return w
}

type putGrantIn struct {
	ApplicationArn string
	GrantType      string
	Grant          *wireGrant
}

func (in putGrantIn) validate() error {
	var v validator
	v.arn("applicationArn", in.ApplicationArn, true, reAppARN)
	v.enum("grantType", in.GrantType, true, grantTypes...)
	if in.Grant == nil {
		v.add(nil, "grant", "Member must not be null")
	} else if in.Grant.JwtBearer != nil {
		validateIssuers(&v, in.Grant.JwtBearer.AuthorizedTokenIssuers)
	}
	if err := v.err(); err != nil {
		return err
	}
	member, n := in.Grant.member()
	switch {
	case n != 1:
		return errValidation("Grant must have exactly one member set")
	case member != in.GrantType:
		return errValidation("Grant does not match grant type: %s", in.GrantType)
	case member == GrantAuthorizationCode:
		return errValidation("Grant type: authorization_code not supported")
	}
	return nil
}

func validateIssuers(v *validator, list []AuthorizedTokenIssuer) {
	v.count("grant.jwtBearer.authorizedTokenIssuers", len(list), 1, 10)
	for i, t := range list {
		p := fmt.Sprintf("grant.jwtBearer.authorizedTokenIssuers.%d.member.", i+1)
		v.arn(p+"trustedTokenIssuerArn", t.TrustedTokenIssuerARN, true, reTTIARN)
		v.count(p+"authorizedAudiences", len(t.AuthorizedAudiences), 1, 10)
		for j, aud := range t.AuthorizedAudiences {
			v.str(fmt.Sprintf("%sauthorizedAudiences.%d.member", p, j+1), aud, true, 1, 512, nil)
		}
	}
}

func (in putGrantIn) resource() string { return in.ApplicationArn }

func putGrant(c *call) (any, error) {
	var in putGrantIn
	if err := c.admit(&in); err != nil {
		return nil, err
	}
	g := Grant{Type: in.GrantType}
	if in.Grant.JwtBearer != nil {
		g.AuthorizedTokenIssuers = in.Grant.JwtBearer.AuthorizedTokenIssuers
	}
	return empty{}, c.h.s.PutGrant(in.ApplicationArn, g)
}

type grantKeyIn struct{ ApplicationArn, GrantType string }

func (in grantKeyIn) validate() error {
	var v validator
	v.arn("applicationArn", in.ApplicationArn, true, reAppARN)
	v.enum("grantType", in.GrantType, true, grantTypes...)
	return v.err()
}

func (in grantKeyIn) resource() string { return in.ApplicationArn }

// grantTypeIn decodes ApplicationArn and GrantType and authorizes them.
func (c *call) grantTypeIn() (string, string, error) {
	var in grantKeyIn
	err := c.admit(&in)
	return in.ApplicationArn, in.GrantType, err
}

func getGrant(c *call) (any, error) {
	arn, kind, err := c.grantTypeIn()
	if err != nil {
		return nil, err
	}
	g, err := c.h.s.GetGrant(arn, kind)
	if err != nil {
		return nil, err
	}
	return struct{ Grant wireGrant }{toWireGrant(g)}, nil
}

type grantItem struct {
	GrantType string
	Grant     wireGrant
}

func listGrants(c *call) (any, error) {
	var in appListIn
	if err := c.admit(&in); err != nil {
		return nil, err
	}
	all, err := c.h.s.ListGrants(in.ApplicationArn)
	if err != nil {
		return nil, err
	}
	out, next, err := pageOf(all, in.NextToken, 0, func(g Grant) grantItem { return grantItem{g.Type, toWireGrant(g)} })
	if err != nil {
		return nil, err
	}
	return struct {
		Grants    []grantItem
		NextToken string `json:",omitempty"`
	}{out, next}, nil
}

func deleteGrant(c *call) (any, error) {
	arn, kind, err := c.grantTypeIn()
	if err != nil {
		return nil, err
	}
	return empty{}, c.h.s.DeleteGrant(arn, kind)
}
