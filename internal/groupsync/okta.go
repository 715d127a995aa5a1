package groupsync

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
)

// Okta is an Okta org's Groups API: /api/v1/groups and
// /api/v1/groups/{id}/users, followed through their Link headers, as the
// API Token. Okta groups do not nest.
type Okta struct {
	Org   *url.URL
	Token string
	HTTP  httpDoer
}

type oktaGroup struct {
	ID      string `json:"id"`
	Profile struct {
		Name string `json:"name"`
	} `json:"profile"`
}

type oktaUser struct {
	Profile struct {
		Email string `json:"email"`
		Login string `json:"login"`
	} `json:"profile"`
}

// Directory reads every group and its users' emails.
func (o *Okta) Directory(ctx context.Context) (Directory, error) {
	if err := needToken("okta", o.Token, OktaTokenEnv); err != nil {
		return nil, err
	}
	a := api{name: "okta", auth: "SSWS " + o.Token, tokenEnv: OktaTokenEnv, base: o.Org, http: o.HTTP}
	groups, err := oktaAll[oktaGroup](ctx, a, at(o.Org, "/api/v1/groups", url.Values{"limit": {"200"}}))
	if err != nil {
		return nil, err
	}
	d := Directory{}
	for _, g := range groups {
		users, err := oktaAll[oktaUser](ctx, a, at(o.Org, "/api/v1/groups/"+url.PathEscape(g.ID)+"/users", url.Values{"limit": {"200"}}))
		if err != nil {
			return nil, err
		}
		var members []string
		for _, u := range users {
			members = append(members, oktaEmail(u))
		}
		if err := add(d, g.Profile.Name, members...); err != nil {
			return nil, fmt.Errorf("okta: %w", err)
		}
	}
	return d, nil
}

func oktaEmail(u oktaUser) string {
	if u.Profile.Email != "" {
		return u.Profile.Email
	}
	return u.Profile.Login
}

func oktaAll[T any](ctx context.Context, a api, u *url.URL) ([]T, error) {
	var all []T
	seen := map[string]bool{}
	for u != nil {
		if seen[u.String()] {
			return nil, fmt.Errorf("okta: the next-page link %s repeats an earlier page", u.Path)
		}
		seen[u.String()] = true
		var page []T
		h, err := a.get(ctx, u, &page)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if u, err = nextLink(h); err != nil {
			return nil, fmt.Errorf("okta: %w", err)
		}
	}
	return all, nil
}

var linkNext = regexp.MustCompile(`<([^>]+)>\s*;\s*rel="?next"?`)

// nextLink is the rel="next" URL of the Link headers, or nil.
func nextLink(h http.Header) (*url.URL, error) {
	for _, v := range h.Values("Link") {
		if m := linkNext.FindStringSubmatch(v); m != nil {
			return url.Parse(m[1])
		}
	}
	return nil, nil
}
