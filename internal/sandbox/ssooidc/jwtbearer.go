package ssooidc

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
)

// jwtBearer exchanges a trusted token issuer's JWT for Identity Center tokens.
func (s *Service) jwtBearer(r *http.Request, x *exchange, g ssoadmin.Grant) (*tokenResponse, *oauthError) {
	if x.req.Assertion == "" {
		return nil, errInvalidRequest("assertion is required for grant type %s", ssoadmin.GrantJWTBearer)
	}
	scopes, oerr := s.grantedScopes(x.app.ARN, x.req.Scope)
	if oerr != nil {
		return nil, oerr
	}
	a, err := s.verifyAssertion(r.Context(), x.req.Assertion, g)
	if err != nil {
		s.opts.Logger.Info("CreateTokenWithIAM rejected an assertion", "application", x.app.ARN, "reason", err.Error())
		return nil, errInvalidGrant("Invalid grant provided")
	}
	u, oerr := s.mapUser(a)
	if oerr != nil {
		return nil, oerr
	}
	if x.app.AssignmentRequired {
		return nil, errAccessDenied("User is not assigned to the application")
	}
	if !s.firstUse(x.req.Assertion, a) {
		return nil, errInvalidGrant("Invalid grant provided")
	}
	ledger.SetDetail(r.Context(), "idc_user", u.IDCUserID)
	return s.issue(x, issueInput{user: u, scopes: scopes, withIDToken: true})
}

// mapUser finds the directory user the assertion's claim names, through the
// trusted token issuer's attribute mapping.
func (s *Service) mapUser(a *assertion) (directory.User, *oauthError) {
	v, ok := claimString(a.claims, a.tti.ClaimAttributePath)
	if !ok {
		return directory.User{}, errInvalidGrant("Invalid grant provided")
	}
	var u directory.User
	switch a.tti.IdentityStoreAttributePath {
	case "emails.value":
		u, ok = s.opts.Directory.ByEmail(v)
	case "userName":
		u, ok = s.opts.Directory.Lookup(v)
	case "externalId":
		u, ok = s.opts.Directory.BySubject(v)
	default:
		ok = false
	}
	if !ok {
		return directory.User{}, errInvalidGrant("Invalid grant provided")
	}
	return u, nil
}

// firstUse records the assertion and reports whether it had not been
// exchanged before (Identity Center refuses a second exchange).
func (s *Service) firstUse(raw string, a *assertion) bool {
	sum := sha256.Sum256([]byte(raw))
	key := hex.EncodeToString(sum[:])
	now := s.now()
	s.replayMu.Lock()
	defer s.replayMu.Unlock()
	for k, exp := range s.seen {
		if !now.Before(exp) {
			delete(s.seen, k)
		}
	}
	if _, used := s.seen[key]; used {
		return false
	}
	s.seen[key] = a.expiry
	return true
}

// defaultScopes are granted to every application.
var defaultScopes = []string{"openid", "aws", "sts:identity_context"}

// grantedScopes checks the requested scopes against the application's
// access scopes; with none requested it grants them all.
func (s *Service) grantedScopes(appARN string, requested []string) ([]string, *oauthError) {
	allowed := append(append([]string(nil), defaultScopes...), s.opts.Admin.Scopes(appARN)...)
	if len(requested) == 0 {
		return allowed, nil
	}
	return subset(requested, allowed)
}

func subset(requested, allowed []string) ([]string, *oauthError) {
	out := []string{}
	for _, sc := range requested {
		if !contains(allowed, sc) {
			return nil, errInvalidScope("Invalid scope requested: %s", sc)
		}
		if !contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
