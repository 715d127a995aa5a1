// Package awsauth is the sandbox's AWS authentication: it mints temporary
// credentials whose session token seals the caller's identity (so Q Business
// can read the user only from the credentials, and nobody can forge them),
// keeps the long-term access keys, and verifies every signed request's SigV4
// signature by recomputing it with aws-sdk-go-v2's own signer.
package awsauth
