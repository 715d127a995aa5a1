// Package loopback is the one-shot HTTP listener on 127.0.0.1 that receives a
// sign-in response from the person's browser (RFC 8252 §7.3): the OIDC
// authorization redirect and the SAML HTTP-POST to the CLI's ACS.
//
// A Listener serves exactly one path and one method on an ephemeral port of
// 127.0.0.1. Everything else (favicon.ico, probes, other methods, requests
// naming another Host, i.e. DNS rebinding) is answered and ignored, as are
// requests whose expected value (state, RelayState) differs, so a stray or
// hostile local request cannot end the wait. The first matching request is
// handed to Wait and gets a "you can close this tab" page; later ones get
// 409. Every page is sent with strict headers: nothing cached, no Referer,
// nothing loaded from elsewhere, no framing, no sniffing.
//
// Errors from Listen and Wait are returned unwrapped (the net error, or
// ctx.Err()) so that the caller names what it was waiting for.
package loopback
