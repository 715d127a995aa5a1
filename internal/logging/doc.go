// Package logging builds qbiz's *slog.Logger and keeps secrets out of it.
//
// Three layers of defence:
//   - Secret, a string type that renders as "REDACTED" through fmt, slog,
//     encoding/json and encoding/text; only Reveal returns the value.
//   - A handler wrapper (NewRedactingHandler) that replaces the value of
//     any attribute whose key looks secret (token, secret, password,
//     authorization, assertion, SAMLResponse, code, refresh, cookie…).
//   - Value scrubbing: JWTs (eyJ…), AWS secret access keys that follow an
//     access key id, long opaque base64 blobs (session tokens, SAML
//     responses) and bearer credentials are cut out of every string value
//     and message, whatever the key.
//
// Request-id helpers attach a request id to a context; the handler adds it
// to every record logged with that context.
package logging
