package groupsync

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// SCIM is a SCIM 2.0 service (RFC 7644): its /Groups with their members
// and its /Users for their email addresses, read a page at a time with
// startIndex and count, as the bearer Token.
type SCIM struct {
	Base  *url.URL
	Token string
	HTTP  httpDoer
}

// scimPage is the number of resources asked for per page.
const scimPage = 100

type scimList[T any] struct {
	TotalResults int `json:"totalResults"`
	ItemsPerPage int `json:"itemsPerPage"`
	Resources    []T `json:"Resources"`
}

type scimGroup struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Members     []struct {
		Value string `json:"value"`
		Type  string `json:"type"`
	} `json:"members"`
}

type scimUser struct {
	ID       string `json:"id"`
	UserName string `json:"userName"`
	Emails   []struct {
		Value   string `json:"value"`
		Primary bool   `json:"primary"`
	} `json:"emails"`
}

// Directory reads every group and user and names members by email.
func (s *SCIM) Directory(ctx context.Context) (Directory, error) {
	if err := needToken("scim", s.Token, SCIMTokenEnv); err != nil {
		return nil, err
	}
	a := api{name: "scim", auth: "Bearer " + s.Token, tokenEnv: SCIMTokenEnv, base: s.Base, http: s.HTTP}
	groups, err := scimAll[scimGroup](ctx, a, "/Groups")
	if err != nil {
		return nil, err
	}
	users, err := scimAll[scimUser](ctx, a, "/Users")
	if err != nil {
		return nil, err
	}
	return scimDirectory(groups, users)
}

func scimAll[T any](ctx context.Context, a api, path string) ([]T, error) {
	var all []T
	for start := 1; ; {
		var page scimList[T]
		q := url.Values{"startIndex": {strconv.Itoa(start)}, "count": {strconv.Itoa(scimPage)}}
		if _, err := a.get(ctx, at(a.base, path, q), &page); err != nil {
			return nil, err
		}
		all = append(all, page.Resources...)
		if len(page.Resources) == 0 || len(all) >= page.TotalResults {
			return all, nil
		}
		start += len(page.Resources)
	}
}

func scimDirectory(groups []scimGroup, users []scimUser) (Directory, error) {
	emails := map[string]string{}
	for _, u := range users {
		emails[u.ID] = scimEmail(u)
	}
	names := map[string]string{}
	for _, g := range groups {
		names[g.ID] = g.DisplayName
	}
	d := Directory{}
	for _, g := range groups {
		var members []string
		for _, m := range g.Members {
			if n, ok := names[m.Value]; ok && m.Type != "User" {
				members = append(members, GroupPrefix+n)
			} else if e := emails[m.Value]; e != "" {
				members = append(members, e)
			} else {
				return nil, fmt.Errorf("scim: group %s: member %s is no user with an email address and no group", g.DisplayName, m.Value)
			}
		}
		if err := add(d, g.DisplayName, members...); err != nil {
			return nil, fmt.Errorf("scim: %w", err)
		}
	}
	return d, nil
}

// scimEmail is the user's primary email, else the first, else a userName
// that is an email address.
func scimEmail(u scimUser) string {
	for _, e := range u.Emails {
		if e.Primary {
			return e.Value
		}
	}
	if len(u.Emails) > 0 {
		return u.Emails[0].Value
	}
	if checkMember(u.UserName) == nil {
		return u.UserName
	}
	return ""
}
