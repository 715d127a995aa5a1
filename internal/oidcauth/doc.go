// Package oidcauth is qbiz's OpenID Connect relying party.
//
// It signs a person in at an enterprise IdP with the authorization code flow
// and PKCE S256 (a loopback redirect for the CLI, RFC 8252, or a server
// redirect for the gateway), or with the device authorization grant
// (RFC 8628), and verifies the ID token before anything else uses it.
//
// Verification builds on github.com/coreos/go-oidc/v3 (signature, iss, aud)
// and adds the checks that package leaves to its caller
// (SECURITY-CASES.md §0.1):
//
//   - discovery: the metadata's issuer equals the configured issuer exactly;
//     endpoints are https (http only for loopback hosts or when explicitly
//     allowed for the sandbox); every response body is size-capped;
//   - nonce required and equal (constant time) for the code flow; sub present;
//     iat present, not in the future beyond ClockSkew, not older than MaxAge;
//     exp required, checked with ClockSkew; nbf checked with ClockSkew;
//   - every audience must be client_id or one of Config.TrustedAudiences;
//     several audiences require azp == client_id; azp, when present, must
//     equal client_id;
//   - signature algorithms limited to RS*, ES*, PS*; tokens carrying their own
//     keys (jwk, jku, x5u, x5c) or any crit header are refused;
//   - the JWKS is our own key set: keys of unknown types and RSA keys under
//     2048 bits are ignored; a kid no cached key verifies re-fetches the set
//     (so a rotated key is accepted at once), at most once per
//     KeyRefreshInterval after the first fetch;
//   - the authorization response is checked for state (single-use, bound to
//     the Transaction), for iss (RFC 9207) and for error parameters before
//     any token request;
//   - an unverified email is dropped (Claims.Email is empty).
//
// Secrets (client secret, codes, verifiers, tokens) never appear in errors or
// logs. Errors wrap sentinels (ErrInvalidGrant, ErrIdPUnreachable,
// identity.ErrIdentityChanged, ...) so callers decide with errors.Is.
package oidcauth
