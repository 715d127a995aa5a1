// Package gateway is qbiz's multi-user HTTP server (qbiz serve): a
// backend-for-frontend that signs people in at their identity provider
// (OIDC, SAML or IAM Identity Center), keeps each person's tokens and AWS
// credentials on the server in a session store, and serves the chat UI
// (package ui) and the JSON+SSE API (package api) as that person.
//
// The browser holds one opaque session id in a __Host- cookie (Secure,
// HttpOnly, SameSite=Lax); everything else stays server-side, sealed with
// a key the store never holds. A sign-in gets a new id (no fixation);
// logout deletes the session and its tokens and sends Clear-Site-Data.
//
// Every request passes, in order: a route allow-list on the exact,
// already-clean path (nothing else reaches a handler); a request id; panic
// recovery; security headers (CSP with a per-response nonce, HSTS behind
// TLS, nosniff, no referrer, COOP) and no-store; for every unsafe method
// an Origin and Sec-Fetch-Site check, a JSON content type and the
// session's CSRF token (the SAML ACS, the one cross-site POST, is bound by
// its sign-in transaction instead); a body limit; then, on every route
// but the public ones, the session: found, not idle, not past its end,
// its user's credentials provider built for this request only.
//
// Identity is never read from request headers, forwarded headers are
// believed only from configured proxies, and no CORS header is ever sent.
package gateway
