// Package oidcidp is the sandbox's OpenID Connect provider: discovery, JWKS
// (RS256, rotation on demand), the authorization code flow with PKCE S256,
// refresh tokens with rotation and reuse detection, the device authorization
// grant (RFC 8628), userinfo, RP-initiated logout and token revocation
// (RFC 7009). Every endpoint lives under the issuer's path.
//
// It is at least as strict as a production IdP: redirect URIs match exactly
// (a loopback http redirect on 127.0.0.1 or [::1] may use any port, RFC 8252),
// codes are single-use and short-lived, a second redemption revokes what the
// first one issued, `plain` PKCE is refused, and invalid clients or redirect
// URIs get an error page rather than a redirect.
//
// A user who ticks "Stay signed in" on the login form is remembered by a
// session cookie at the IdP: later authorization requests are answered
// without the password, their ID tokens carrying the first sign-in's
// auth_time, unless prompt=login or max_age has passed since then (OIDC
// Core §3.1.2.1), when the password is asked again (prompt=none then gets
// login_required). Revoking a user's sessions forgets such browsers.
//
// # Misbehaviour profiles
//
// Each Client may carry a Profile naming one deterministic misbehaviour, so
// relying-party security tests (SECURITY-CASES.md §1 OIDC-*, §2 OAUTH-*) can
// check that a bad response is refused. The empty profile is fully correct.
//
// ID token claims:
//
//	wrong-issuer         iss is https://evil.test
//	wrong-audience       aud is another client id, no azp
//	missing-aud          no aud
//	aud-array            aud is a one-element array (a correct token; positive twin)
//	multi-aud-no-azp     aud = [client, other], no azp
//	multi-aud-azp        aud = [client, other], azp = client
//	multi-aud-wrong-azp  aud = [client, other], azp = other
//	missing-nonce        no nonce although one was sent
//	wrong-nonce          nonce differs from the one sent
//	missing-sub          no sub
//	empty-sub            sub is ""
//	null-sub             sub is null
//	expired              exp an hour in the past
//	missing-exp          no exp
//	iat-future           iat an hour in the future
//	iat-old              iat a day old (exp still in the future)
//	missing-iat          no iat
//	missing-auth-time    no auth_time, even when max_age was requested
//	nbf-future           nbf six minutes in the future
//	email-unverified     email_verified is false
//	missing-tags         no https://aws.amazon.com/tags claim
//	refresh-wrong-sub    ID tokens from the refresh grant carry another sub
//	refresh-wrong-iss    ID tokens from the refresh grant carry another iss
//
// ID token header and signature:
//
//	bad-signature        RS256 signature with one byte flipped
//	alg-none             unsigned token, alg "none"
//	alg-hs256            HS256, HMAC keyed with the public key's PEM bytes
//	alg-hs256-jwk        HS256, HMAC keyed with the public key's JWK JSON bytes
//	kid-unknown          signed with the real key but a kid absent from the JWKS
//	kid-absent           signed with the real key, no kid header
//	embedded-jwk         signed with a foreign key carried in a jwk header
//	crit-header          an unknown critical header ("crit")
//	rotate-before-sign   the signing keys rotate just before each ID token is signed
//
// Flow:
//
//	missing-iss-in-response  the authorization response has no iss (RFC 9207)
//	wrong-iss-in-response    the authorization response's iss is https://evil.test
//	jwks-unknown-key-type    the JWKS also lists keys of unsupported kty (AKP, an invented one)
//	userinfo-wrong-sub       userinfo returns a sub that differs from the ID token's
//
// jwks-unknown-key-type affects the shared JWKS: it is served while any
// registered client carries that profile.
package oidcidp
