// Package sandbox is qbiz's offline emulator of an enterprise identity
// provider (OIDC and SAML) and of the AWS APIs the three credential paths and
// the admin commands use: STS, IAM, sso-oidc, sso-admin, Secrets Manager and
// Amazon Q Business. It serves them all on one port, over HTTP/1.1 and h2c
// (or TLS with a generated CA), in their real wire protocols, so that real
// aws-sdk-go-v2 clients cannot tell it from AWS.
//
// Nothing under this directory imports a production package of qbiz: the
// sandbox is an independent oracle for the code it tests.
//
// Every service dispatches one way: it names the operation a request calls
// (the awsQuery Action, the awsJson X-Amz-Target, the REST method and path,
// an IdP endpoint's path) and looks it up in a table its constructor builds
// and its handler holds (operations.go, endpoints.go; Q Business registers
// its REST routes on its own mux in routes.go). There is no registration in
// init() and no package-level table.
//
// Deliberate deviations from AWS, all on the side of being testable offline:
//   - IAM accepts loopback http:// OIDC provider URLs with a port (the
//     sandbox's own issuer); every other URL follows AWS's https-only rule.
//   - Identity Center's token issuer keys are served at /sandbox/idc/jwks.
package sandbox
