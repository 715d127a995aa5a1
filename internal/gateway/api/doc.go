// Package api is the gateway's JSON and server-sent-events API for custom
// front ends and the chat UI: POST /api/chat, GET /api/conversations,
// GET and DELETE /api/conversations/{id}, POST /api/feedback and
// GET /api/me.
//
// The gateway's middleware has already found the session, checked CSRF,
// the content type and the body size, and put the signed-in *User in the
// request's context (WithUser); the API never sees cookies or tokens.
// Every Q Business call goes through the one shared qchat.API, signed per
// operation with the user's own credentials provider.
//
// # Ownership
//
// A conversation id the user sends (chat, get, delete, feedback) must be
// filed under the user's owner key in the Owners store, or the request is
// refused with 403 before any call to Q Business. The API files every
// conversation the user's own chats create and every one Q Business lists
// for the user; an id it has never seen makes it list the user's
// conversations once, as the user, to learn it. A conversation filed under
// someone else is never refiled, and is left out of the user's list.
//
// # Chat stream framing
//
// POST /api/chat answers with text/event-stream once the request is valid
// and the conversation is the user's (before that, errors are JSON with
// their status). Every frame's data is one line of JSON, so no text from
// the model can start a line of its own and forge a frame:
//
//	event: text
//	data: "a chunk of the answer, as a JSON string"
//
//	event: done
//	data: {"conversationId":"…","systemMessageId":"…","answer":"…","sources":[{"title":"…","url":"…","snippet":"…","citationNumber":1}]}
//
//	event: error
//	data: {"message":"a message a person can act on"}
//
// A stream ends with exactly one done or error frame. When the client goes
// away the request's context ends, and with it the upstream Chat stream.
//
// # Errors
//
// Handlers return errors; one renderer maps them to a status and a message
// a person can act on (JSON {"message": …}, or an error frame once a stream
// has started) and logs the cause once, with the request id.
package api
