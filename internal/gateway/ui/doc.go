// Package ui is the gateway's web chat: server-rendered pages (html/template,
// embedded with embed.FS) and one small script and one stylesheet, with no
// build step and nothing loaded from another origin.
//
// Render writes one of the pages "signin" (the sign-in chooser), "chat"
// (the app), "error" and "signedout" with its Content-Type and status; the
// gateway's middleware sets the security headers, among them a CSP of
// default-src 'self' with a per-response script nonce. Every <script> and
// <link>/<style> tag carries that nonce; the pages have no inline event
// handler and no style attribute.
//
// Static serves the script and the stylesheet. The pages link them under a
// name holding a hash of their content (/static/app.<hash>.js), served as
// immutable for a year; the plain names (/static/app.js, /static/app.css)
// are served with no-cache, revalidated by ETag.
//
// The script renders model output only as text nodes or through its own
// small markdown renderer, which builds DOM elements from a fixed list of
// tags (p, ul, ol, li, strong, em, code, pre, a, br) and links only http
// and https URLs; it never assigns HTML from the network to the page.
// Nothing is kept in localStorage, sessionStorage or IndexedDB, and a page
// shown again from the back-forward cache reloads from the server.
//
// # Stable selectors (for browser tests)
//
//	#message                     the message box (textarea)
//	#send                        the send button
//	#stop                        stops the answer being streamed
//	.answer                      an answer; the one streaming has aria-busy="true" until done
//	.citation a                  a citation link ([1], [2]…; http/https sources only)
//	#conversations li            one conversation of the list (data-id = its id)
//	#conversations li .open      resumes it; .delete deletes it after a confirm
//	#new-conversation            starts a new conversation
//	#signout                     the sign-out button
//	#whoami                      who is signed in (name, email, IdP)
//	.feedback-useful             thumbs up on an answer
//	.feedback-not-useful         thumbs down on an answer
//	#error                       the error banner
//	#expiry                      the session-expiry banner
//	a.idp[data-idp=NAME]         the sign-in chooser's button for IdP NAME
package ui
