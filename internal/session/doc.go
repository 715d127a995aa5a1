// Package session is the gateway's server-side session model: what a
// signed-in browser holds on the server (never on the client), and the
// Store that keeps it. The browser carries only the session's opaque id.
//
// A Store also keeps the state a sign-in needs across replicas: pre-auth
// transactions (single use), the SAML replay cache, refresh locks with a
// lease, and the conversation ownership map. The memory store serves one
// process; session/redisstore serves several replicas; session/sessiontest
// is the one conformance suite both pass.
//
// Tokens and AWS credentials travel inside Session.SignIn, sealed by a
// Sealer (AES-GCM) whose key is never kept in the store.
package session
