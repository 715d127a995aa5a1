// Package qchat talks to Amazon Q Business as the signed-in user: the
// streaming Chat event-stream API with ChatSync as the fallback,
// conversation continuity, the first-call auto-subscription retry, and the
// rest of the conversation API. Credentials come per call from the user's
// own provider; nothing user-scoped lives on a shared client.
package qchat
