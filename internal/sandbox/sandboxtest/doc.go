// Package sandboxtest drives the sandbox's identity providers over HTTP the
// way a browser would: it fetches the login form, posts the credentials and
// reads what the IdP hands back (an authorization code, an ID token, or the
// SAMLResponse of the auto-post page). Tests of the sandbox and of its
// clients use it to obtain real IdP artefacts.
package sandboxtest
