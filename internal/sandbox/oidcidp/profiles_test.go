package oidcidp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

type profileRun struct {
	e         *env
	lr        loginResult
	tok       *oauth2.Token
	raw       string
	hdr       map[string]any
	claims    map[string]any
	verifyErr error
	firstKid  string
}

func (r profileRun) num(name string) time.Time {
	f, _ := r.claims[name].(float64)
	return time.Unix(int64(f), 0)
}

func (r profileRun) refreshed(t *testing.T) map[string]any {
	tok, err := r.e.confConfig().TokenSource(r.e.ctx(), &oauth2.Token{RefreshToken: r.tok.RefreshToken}).Token()
	if err != nil {
		t.Fatal(err)
	}
	_, c := decodeJWT(t, tok.Extra("id_token").(string))
	return c
}

func (r profileRun) hmacOK(key []byte) bool {
	i := strings.LastIndexByte(r.raw, '.')
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(r.raw[:i]))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)) == r.raw[i+1:]
}

func has(m map[string]any, k string) bool { _, ok := m[k]; return ok }

// profileChecks says, per profile, what the misbehaviour must look like and
// whether go-oidc's default verifier rejects it.
var profileChecks = map[string]struct {
	rejected bool
	check    func(t *testing.T, r profileRun) bool
}{
	ProfileNormal:      {false, func(_ *testing.T, r profileRun) bool { return r.claims["nonce"] == r.lr.nonce }},
	ProfileWrongIssuer: {true, func(_ *testing.T, r profileRun) bool { return r.claims["iss"] == EvilIssuer }},
	ProfileWrongAudience: {true, func(_ *testing.T, r profileRun) bool {
		return r.claims["aud"] == OtherAudience && !has(r.claims, "azp")
	}},
	ProfileMissingAudience: {true, func(_ *testing.T, r profileRun) bool { return !has(r.claims, "aud") }},
	ProfileAudArray: {false, func(_ *testing.T, r profileRun) bool {
		a, _ := r.claims["aud"].([]any)
		return len(a) == 1 && a[0] == confID
	}},
	ProfileMultiAudNoAzp:    {false, func(_ *testing.T, r profileRun) bool { return audLen(r) == 2 && !has(r.claims, "azp") }},
	ProfileMultiAudAzp:      {false, func(_ *testing.T, r profileRun) bool { return audLen(r) == 2 && r.claims["azp"] == confID }},
	ProfileMultiAudWrongAzp: {false, func(_ *testing.T, r profileRun) bool { return audLen(r) == 2 && r.claims["azp"] == OtherAudience }},
	ProfileMissingNonce:     {false, func(_ *testing.T, r profileRun) bool { return !has(r.claims, "nonce") }},
	ProfileWrongNonce: {false, func(_ *testing.T, r profileRun) bool {
		n, _ := r.claims["nonce"].(string)
		return n != "" && n != r.lr.nonce
	}},
	ProfileMissingSub: {false, func(_ *testing.T, r profileRun) bool { return !has(r.claims, "sub") }},
	ProfileEmptySub:   {false, func(_ *testing.T, r profileRun) bool { return has(r.claims, "sub") && r.claims["sub"] == "" }},
	ProfileNullSub:    {false, func(_ *testing.T, r profileRun) bool { return has(r.claims, "sub") && r.claims["sub"] == nil }},
	ProfileExpired:    {true, func(_ *testing.T, r profileRun) bool { return r.num("exp").Before(r.e.clock.Now()) }},
	ProfileMissingExp: {true, func(_ *testing.T, r profileRun) bool { return !has(r.claims, "exp") }},
	ProfileIatFuture: {false, func(_ *testing.T, r profileRun) bool {
		return r.num("iat").After(r.e.clock.Now().Add(30 * time.Minute))
	}},
	ProfileIatOld: {false, func(_ *testing.T, r profileRun) bool {
		return r.num("iat").Before(r.e.clock.Now().Add(-23 * time.Hour))
	}},
	ProfileMissingIat:      {false, func(_ *testing.T, r profileRun) bool { return !has(r.claims, "iat") }},
	ProfileMissingAuthTime: {false, func(_ *testing.T, r profileRun) bool { return !has(r.claims, "auth_time") }},
	ProfileNbfFuture:       {true, func(_ *testing.T, r profileRun) bool { return r.num("nbf").After(r.e.clock.Now().Add(5 * time.Minute)) }},
	ProfileEmailUnverified: {false, func(_ *testing.T, r profileRun) bool { return r.claims["email_verified"] == false }},
	ProfileMissingTags:     {false, func(_ *testing.T, r profileRun) bool { return !has(r.claims, TagsClaim) }},
	ProfileRefreshWrongSub: {false, func(t *testing.T, r profileRun) bool {
		c := r.refreshed(t)
		return c["sub"] != r.claims["sub"] && c["iss"] == r.claims["iss"]
	}},
	ProfileRefreshWrongIss: {false, func(t *testing.T, r profileRun) bool {
		c := r.refreshed(t)
		return c["iss"] == EvilIssuer && r.claims["iss"] == r.e.issuer && c["sub"] == r.claims["sub"]
	}},
	ProfileBadSignature: {true, func(_ *testing.T, r profileRun) bool { return r.hdr["alg"] == "RS256" && r.hdr["kid"] == r.firstKid }},
	ProfileAlgNone:      {true, func(_ *testing.T, r profileRun) bool { return r.hdr["alg"] == "none" && strings.HasSuffix(r.raw, ".") }},
	ProfileAlgHS256: {true, func(_ *testing.T, r profileRun) bool {
		return r.hdr["alg"] == "HS256" && r.hmacOK(publicPEM(&r.e.p.keys.signer().priv.PublicKey))
	}},
	ProfileAlgHS256JWK: {true, func(_ *testing.T, r profileRun) bool {
		jwk, _ := json.Marshal(r.e.p.keys.signer().publicJWK())
		return r.hdr["alg"] == "HS256" && r.hmacOK(jwk)
	}},
	ProfileKidUnknown:       {true, func(_ *testing.T, r profileRun) bool { return r.hdr["kid"] != r.firstKid && r.hdr["kid"] != nil }},
	ProfileKidAbsent:        {false, func(_ *testing.T, r profileRun) bool { return !has(r.hdr, "kid") }},
	ProfileEmbeddedJWK:      {true, func(_ *testing.T, r profileRun) bool { return has(r.hdr, "jwk") }},
	ProfileCritHeader:       {true, func(_ *testing.T, r profileRun) bool { return has(r.hdr, "crit") }},
	ProfileRotateBeforeSign: {false, func(_ *testing.T, r profileRun) bool { return r.hdr["kid"] != r.firstKid }},
	ProfileMissingIssInResponse: {false, func(_ *testing.T, r profileRun) bool {
		return !r.lr.redirect.Query().Has("iss")
	}},
	ProfileWrongIssInResponse: {false, func(_ *testing.T, r profileRun) bool { return r.lr.redirect.Query().Get("iss") == EvilIssuer }},
	ProfileJWKSUnknownKeyType: {false, func(t *testing.T, r profileRun) bool {
		_, body, _ := r.e.get(r.e.issuer + "/jwks")
		return strings.Contains(body, `"kty":"AKP"`) && strings.Contains(body, `"kty":"XYZ"`)
	}},
	ProfileUserinfoWrongSub: {false, func(t *testing.T, r profileRun) bool {
		req, _ := http.NewRequest(http.MethodGet, r.e.issuer+"/userinfo", nil)
		req.Header.Set("Authorization", "Bearer "+r.tok.AccessToken)
		resp, err := r.e.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var ui map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&ui)
		return ui["sub"] != nil && ui["sub"] != r.claims["sub"]
	}},
}

func audLen(r profileRun) int { a, _ := r.claims["aud"].([]any); return len(a) }

func TestProfilesCovered(t *testing.T) {
	for _, p := range Profiles() {
		if _, ok := profileChecks[p]; !ok {
			t.Errorf("profile %s has no test", p)
		}
	}
}

func TestProfiles(t *testing.T) {
	for profile, pc := range profileChecks {
		t.Run("profile="+profile, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, Client{ID: confID, Secret: confSecret, RedirectURIs: []string{confRedir}, Profile: profile})
			r := profileRun{e: e, firstKid: e.p.keys.signer().kid}
			v := e.verifier(confID)
			cfg := e.confConfig()
			r.lr = e.login(cfg, confRedir)
			tok, err := e.exchange(cfg, r.lr)
			if err != nil {
				t.Fatal(err)
			}
			r.tok, r.raw = tok, tok.Extra("id_token").(string)
			r.hdr, r.claims = decodeJWT(t, r.raw)
			_, r.verifyErr = v.Verify(e.ctx(), r.raw)
			if (r.verifyErr != nil) != pc.rejected {
				t.Errorf("go-oidc verify error = %v, want rejected=%v", r.verifyErr, pc.rejected)
			}
			if !pc.check(t, r) {
				t.Errorf("misbehaviour not observed; header %v claims %v redirect %s", r.hdr, r.claims, r.lr.redirect)
			}
		})
	}
}
