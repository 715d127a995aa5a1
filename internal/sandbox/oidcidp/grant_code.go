package oidcidp

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"strings"
	"time"
)

// grantCode redeems an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.6).
func (p *Provider) grantCode(c Client, form url.Values) (map[string]any, *oauthError) {
	code, e := requireParam(form, "code")
	if e != nil {
		return nil, e
	}
	redirectURI, e := requireParam(form, "redirect_uri")
	if e != nil {
		return nil, e
	}
	g, nonce, e := p.st.redeemCode(code, codeRedemption{
		clientID: c.ID, redirectURI: redirectURI, verifier: form.Get("code_verifier"),
		now: p.now(), refreshTTL: p.refreshTTL(c),
	})
	if e != nil {
		return nil, e
	}
	return p.issueTokens(c, g, nonce, false)
}

type codeRedemption struct {
	clientID, redirectURI, verifier string
	now                             time.Time
	refreshTTL                      time.Duration
}

// redeemCode burns the code on any attempt. A code presented again revokes
// the token family issued from it (RFC 6749 §4.1.2).
func (s *store) redeemCode(code string, in codeRedemption) (grant, string, *oauthError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ac := s.codes[code]
	if ac == nil {
		return grant{}, "", errInvalidGrant("the authorization code is invalid")
	}
	if ac.used {
		s.revokeGrant(ac.grantID)
		return grant{}, "", errInvalidGrant("the authorization code was already used; tokens issued from it are revoked")
	}
	ac.used = true
	if e := checkCode(ac, in); e != nil {
		return grant{}, "", e
	}
	g := &grant{clientID: ac.clientID, subject: ac.subject, scope: ac.scope,
		authTime: ac.authTime, expires: ac.authTime.Add(in.refreshTTL)}
	if !s.newGrant(g, in.now) {
		return grant{}, "", errServer("too many grants outstanding")
	}
	ac.grantID = g.id
	return *g, ac.nonce, nil
}

func checkCode(ac *authCode, in codeRedemption) *oauthError {
	switch {
	case in.now.After(ac.expires):
		return errInvalidGrant("the authorization code has expired")
	case ac.clientID != in.clientID:
		return errInvalidGrant("the authorization code was issued to another client")
	case ac.redirectURI != in.redirectURI:
		return errInvalidGrant("redirect_uri does not match the authorization request")
	}
	return checkPKCE(ac.challenge, in.verifier)
}

// checkPKCE verifies an S256 code_verifier (RFC 7636 §4.6) and refuses a
// verifier for a code issued without a challenge (downgrade, RFC 9700 §4.8).
func checkPKCE(challenge, verifier string) *oauthError {
	switch {
	case challenge == "" && verifier != "":
		return errInvalidGrant("code_verifier sent but the authorization request had no code_challenge")
	case challenge == "":
		return nil
	case verifier == "":
		return errInvalidGrant("code_verifier is required")
	case !validVerifier(verifier):
		return errInvalidGrant("code_verifier must be 43-128 unreserved characters")
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) != 1 {
		return errInvalidGrant("code_verifier does not match the code_challenge")
	}
	return nil
}

func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	return strings.IndexFunc(v, func(r rune) bool { return !isBase64URL(r) && r != '.' && r != '~' }) < 0
}
