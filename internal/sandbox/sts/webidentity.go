package sts

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/iam"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// tokenAlgorithms are the signature algorithms STS accepts.
var tokenAlgorithms = []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512, jose.ES256, jose.ES384, jose.ES512}

const tagsClaim = "https://aws.amazon.com/tags"

func invalidToken(format string, args ...any) *wire.Error {
	return wire.Errorf(400, "InvalidIdentityToken", format, args...)
}

var (
	errNotJWT   = invalidToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")
	errNoKey    = invalidToken("Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements")
	errBadSig   = invalidToken("The web identity token signature could not be verified.")
	errAudience = invalidToken("Incorrect token audience")
)

type tokenClaims struct {
	Issuer    string           `json:"iss"`
	Subject   string           `json:"sub"`
	Audience  jwt.Audience     `json:"aud"`
	Expiry    *jwt.NumericDate `json:"exp"`
	NotBefore *jwt.NumericDate `json:"nbf"`
	IssuedAt  *jwt.NumericDate `json:"iat"`
	Email     any              `json:"email"`
	AZP       string           `json:"azp"`
	Tags      json.RawMessage  `json:"https://aws.amazon.com/tags"`
}

// webIdentity is a verified web identity token.
type webIdentity struct {
	claims   tokenClaims
	audience string
	provider iam.OIDCProvider
	tags     sessionTags
	hasTags  bool
}

func (h *handler) assumeRoleWithWebIdentity(r *http.Request, c *call) (any, *wire.Error) {
	roleARN, werr := c.roleARN()
	if werr != nil {
		return nil, werr
	}
	name, werr := c.sessionName()
	if werr != nil {
		return nil, werr
	}
	token, werr := c.required("WebIdentityToken", "webIdentityToken", 4, 20000)
	if werr != nil {
		return nil, werr
	}
	d, explicit, werr := c.duration()
	if werr != nil {
		return nil, werr
	}
	sessionPolicy, werr := c.sessionPolicy()
	if werr != nil {
		return nil, werr
	}
	if c.form.Get("ProviderId") != "" {
		return nil, wire.ValidationError("ProviderId is only used with OAuth 2.0 access tokens, which the sandbox does not accept.")
	}
	id, werr := h.verifyWebIdentity(r.Context(), token)
	if werr != nil {
		return nil, werr
	}
	role, ok := h.opt.IAM.Role(roleARN)
	if !ok || !h.opt.IAM.EvaluateTrust(role, id.trustRequest(h.now())) {
		return nil, wire.Errorf(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
	}
	if d, werr = capDuration(d, explicit, role); werr != nil {
		return nil, werr
	}
	return h.webIdentitySession(role, name, id, d, sessionPolicy)
}

func (h *handler) webIdentitySession(role iam.Role, name string, id webIdentity, d time.Duration, sessionPolicy string) (any, *wire.Error) {
	p := h.sessionPrincipal(role, name)
	p.Tags, p.TransitiveTagKeys, p.SessionPolicy = id.tags.tags, id.tags.transitive, sessionPolicy
	p.Federation = &awsauth.Federation{Kind: "oidc", ProviderARN: id.provider.ARN, Issuer: id.claims.Issuer,
		Subject: id.claims.Subject, Audience: id.audience}
	s, werr := h.mint(p, p.Tags, d)
	if werr != nil {
		return nil, werr
	}
	return struct {
		Credentials                 xmlCredentials
		SubjectFromWebIdentityToken string
		AssumedRoleUser             xmlAssumedRoleUser
		PackedPolicySize            *int `xml:",omitempty"`
		Provider                    string
		Audience                    string
	}{s.creds, id.claims.Subject, s.user, s.packed, id.provider.ARN, id.audience}, nil
}

func (h *handler) now() time.Time { return h.opt.Now().UTC() }

// verifyWebIdentity checks the token like STS: provider by exact iss,
// signature by the issuer's JWKS, then aud, sub and lifetime.
func (h *handler) verifyWebIdentity(ctx context.Context, token string) (webIdentity, *wire.Error) {
	tok, err := jwt.ParseSigned(token, tokenAlgorithms)
	if err != nil || len(tok.Headers) != 1 || tok.Headers[0].JSONWebKey != nil {
		return webIdentity{}, errNotJWT
	}
	var unverified tokenClaims
	if tok.UnsafeClaimsWithoutVerification(&unverified) != nil {
		return webIdentity{}, errNotJWT
	}
	if unverified.Issuer == "" {
		return webIdentity{}, invalidToken("Missing a required claim: iss")
	}
	provider, ok := h.opt.IAM.OIDCProviderByURL(unverified.Issuer)
	if !ok {
		return webIdentity{}, invalidToken("No OpenIDConnect provider found in your account for %s", unverified.Issuer)
	}
	var id webIdentity
	if werr := h.verifySignature(ctx, tok, unverified.Issuer, &id.claims); werr != nil {
		return webIdentity{}, werr
	}
	id.provider = provider
	if werr := h.checkClaims(&id); werr != nil {
		return webIdentity{}, werr
	}
	return id, nil
}

func (h *handler) verifySignature(ctx context.Context, tok *jwt.JSONWebToken, issuer string, out *tokenClaims) *wire.Error {
	hdr := tok.Headers[0]
	for _, refresh := range []bool{false, true} {
		set, err := h.keys.keys(ctx, issuer, refresh)
		if err != nil {
			h.opt.Logger.Info("web identity key retrieval failed", "issuer", issuer, "error", err)
			return errNoKey
		}
		candidates := usableKeys(set, hdr)
		if len(candidates) == 0 {
			continue
		}
		for _, k := range candidates {
			if tok.Claims(k.Key, out) == nil {
				return nil
			}
		}
		if refresh {
			return errBadSig
		}
	}
	return errNoKey
}

func usableKeys(set jose.JSONWebKeySet, hdr jose.Header) []jose.JSONWebKey {
	var out []jose.JSONWebKey
	for _, k := range set.Keys {
		if (k.Use != "" && k.Use != "sig") || (k.Algorithm != "" && k.Algorithm != hdr.Algorithm) || !k.IsPublic() {
			continue
		}
		if hdr.KeyID == "" || k.KeyID == hdr.KeyID {
			out = append(out, k)
		}
	}
	return out
}

func (h *handler) checkClaims(id *webIdentity) *wire.Error {
	cl := id.claims
	if len(cl.Audience) == 0 {
		return invalidToken("Missing a required claim: aud")
	}
	for _, a := range cl.Audience {
		for _, c := range id.provider.ClientIDs {
			if a == c && id.audience == "" {
				id.audience = a
			}
		}
	}
	if id.audience == "" {
		return errAudience
	}
	if cl.Subject == "" {
		return invalidToken("Missing a required claim: sub")
	}
	now := h.now()
	if cl.Expiry == nil {
		return invalidToken("Missing a required claim: exp")
	}
	if exp := cl.Expiry.Time(); !now.Before(exp) {
		return wire.Errorf(400, "ExpiredTokenException", "Token expired: current date/time %d must be before the expiration date/time %d", now.Unix(), exp.Unix())
	}
	if cl.NotBefore != nil && cl.NotBefore.Time().After(now) {
		return invalidToken("Token is not yet valid: current date/time %d is before the not-before date/time %d", now.Unix(), cl.NotBefore.Time().Unix())
	}
	if cl.IssuedAt != nil && cl.IssuedAt.Time().After(now.Add(5*time.Minute)) {
		return invalidToken("Token issued in the future")
	}
	if len(cl.Tags) > 0 && string(cl.Tags) != "null" {
		tags, werr := parseTagsClaim(cl.Tags)
		if werr != nil {
			return werr
		}
		id.tags, id.hasTags = tags, true
	}
	return nil
}

// trustRequest is what the role's trust policy is asked.
func (id webIdentity) trustRequest(now time.Time) iam.TrustRequest {
	host := id.provider.URL[strings.Index(id.provider.URL, "://")+3:]
	keys := map[string][]string{
		host + ":aud":                {id.audience},
		host + ":sub":                {id.claims.Subject},
		"aws:FederatedProvider":      {id.provider.ARN},
		"aws:CurrentTime":            {now.Format(time.RFC3339)},
		"aws:EpochTime":              {strconv.FormatInt(now.Unix(), 10)},
		"aws:MultiFactorAuthPresent": {"false"},
	}
	if email, ok := id.claims.Email.(string); ok && email != "" {
		keys[host+":email"] = []string{email}
	}
	if id.claims.AZP != "" {
		keys[host+":azp"] = []string{id.claims.AZP}
	}
	actions := []string{"sts:AssumeRoleWithWebIdentity"}
	if id.hasTags {
		actions = append(actions, "sts:TagSession")
		id.tags.addConditionKeys(keys)
	}
	return iam.TrustRequest{Principal: id.provider.ARN, Actions: actions, ConditionKeys: keys}
}
