package oidcidp

import (
	"encoding/json"
	"fmt"
	"time"
)

// savedSessions is the ExportSessions document: every token family not
// past its absolute lifetime (revoked ones too, so a revoked token stays
// revoked) with the refresh tokens issued in it, spent ones included so
// reuse is still detected, and the access tokens still valid. It holds
// bearer tokens.
type savedSessions struct {
	Grants  []savedGrant   `json:"grants"`
	Refresh []savedRefresh `json:"refresh_tokens"`
	Access  []savedAccess  `json:"access_tokens"`
}

type savedGrant struct {
	ID       string    `json:"id"`
	ClientID string    `json:"client_id"`
	Subject  string    `json:"subject"`
	Scope    string    `json:"scope"`
	AuthTime time.Time `json:"auth_time"`
	Expires  time.Time `json:"expires"`
	Revoked  bool      `json:"revoked,omitempty"`
}

type savedRefresh struct {
	Token   string `json:"token"`
	GrantID string `json:"grant_id"`
	Used    bool   `json:"used,omitempty"`
}

type savedAccess struct {
	Token   string    `json:"token"`
	GrantID string    `json:"grant_id"`
	Scope   string    `json:"scope"`
	Expires time.Time `json:"expires"`
}

// ExportSessions returns the live sign-in sessions for RestoreSessions,
// so a restarted provider still honours the refresh tokens it issued, as
// a real IdP does. The result holds bearer tokens.
func (p *Provider) ExportSessions() ([]byte, error) {
	now := p.now()
	s := p.st
	s.mu.Lock()
	var doc savedSessions
	for _, g := range s.grants {
		if !now.After(g.expires) {
			doc.Grants = append(doc.Grants, savedGrant{ID: g.id, ClientID: g.clientID, Subject: g.subject, Scope: g.scope,
				AuthTime: g.authTime, Expires: g.expires, Revoked: g.revoked})
		}
	}
	for tok, rt := range s.refresh {
		if g := s.grants[rt.grantID]; g != nil && !now.After(g.expires) {
			doc.Refresh = append(doc.Refresh, savedRefresh{Token: tok, GrantID: rt.grantID, Used: rt.used})
		}
	}
	for tok, at := range s.access {
		if g := s.grants[at.grantID]; g != nil && now.Before(at.expires) {
			doc.Access = append(doc.Access, savedAccess{Token: tok, GrantID: at.grantID, Scope: at.scope, Expires: at.expires})
		}
	}
	s.mu.Unlock()
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("export oidc sessions: %w", err)
	}
	return b, nil
}

// RestoreSessions adds the sessions ExportSessions returned; empty data
// (a world saved before sessions were kept) restores nothing.
func (p *Provider) RestoreSessions(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	var doc savedSessions
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("restore oidc sessions: %w", err)
	}
	grants, err := doc.grants()
	if err != nil {
		return err
	}
	s := p.st
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, g := range grants {
		s.grants[id] = g
	}
	for _, rt := range doc.Refresh {
		s.refresh[rt.Token] = &refreshToken{grantID: rt.GrantID, used: rt.Used}
	}
	for _, at := range doc.Access {
		s.access[at.Token] = &accessToken{grantID: at.GrantID, scope: at.Scope, expires: at.Expires}
	}
	return nil
}

// grants checks every token names a saved family and returns the families.
func (doc savedSessions) grants() (map[string]*grant, error) {
	grants := map[string]*grant{}
	for _, g := range doc.Grants {
		if g.ID == "" {
			return nil, fmt.Errorf("restore oidc sessions: a token family has no id")
		}
		grants[g.ID] = &grant{id: g.ID, clientID: g.ClientID, subject: g.Subject, scope: g.Scope,
			authTime: g.AuthTime, expires: g.Expires, revoked: g.Revoked}
	}
	for _, rt := range doc.Refresh {
		if grants[rt.GrantID] == nil || rt.Token == "" {
			return nil, fmt.Errorf("restore oidc sessions: a refresh token names no saved token family")
		}
	}
	for _, at := range doc.Access {
		if grants[at.GrantID] == nil || at.Token == "" {
			return nil, fmt.Errorf("restore oidc sessions: an access token names no saved token family")
		}
	}
	return grants, nil
}
