// Package loopback is the one-shot HTTP listener on 127.0.0.1 that receives a
// sign-in response from the person's browser (RFC 8252 §7.3): the OIDC
// authorization redirect and the SAML HTTP-POST to the CLI's ACS.
//
// A Listener serves exactly one path and one method on an ephemeral port of
// 127.0.0.1. Everything else (favicon.ico, probes, other methods, requests
// naming another Host, i.e. DNS rebinding) is answered and ignored, as are
// requests whose expected value (state, RelayState) differs, so a stray or
// hostile local request cannot end the wait. The first matching request is
// handed to the caller, which judges it (verifies the response, exchanges
// it); only then is the browser answered, with a redirect (303) to a clean
// URL of the listener, /done or /failed, whose page says which it was. The
// URL that carried the code or response never renders a page (OAUTH-08);
// later matching requests get 409. Every page is sent with strict headers:
// nothing cached, no Referer, nothing loaded from elsewhere, no framing, no
// sniffing, and nothing of the request or of the error echoed.
//
// ListenAt listens instead exactly at an Address fixed in advance (the
// redirect URI registered at an identity provider that compares redirect
// URIs exactly): its loopback host, port and path. A port held by another
// program fails with a *PortInUseError naming the port and, where /proc
// shows it, the process; no other port is tried.
//
// Invite shows the person where to sign in and how long the listener waits.
//
// Listen returns the net error unwrapped; Receive returns the caller's own
// error as it is, or ctx.Err() wrapped with what was awaited.
package loopback
