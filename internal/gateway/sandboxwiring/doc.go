// Package sandboxwiring starts the embedded sandbox for qbiz serve
// --sandbox and configures the gateway for it: one identity provider per
// sign-in mode (OIDC, SAML, Identity Center), each on its demo
// application, with the sandbox's region and endpoint.
//
// It acts as the sandbox's administrator would when adding a web gateway:
// the OIDC application's role is made to trust the gateway's confidential
// client as well as the CLI's (through IAM, with the administrator's
// keys). The sandbox's OIDC client and SAML service provider accept any
// port on 127.0.0.1, so the gateway's /callback and /saml/acs on a
// loopback address need no registration.
//
// This is the one gateway package that imports the sandbox, so the
// gateway itself stays free of it.
package sandboxwiring
