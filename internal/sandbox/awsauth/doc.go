// Package awsauth is the sandbox's AWS authentication: it mints temporary
// credentials whose session token seals the caller's identity (so Q Business
// can read the user only from the credentials, and nobody can forge them),
// keeps the long-term access keys, and verifies every signed request's SigV4
// signature the way AWS does: the canonical request is built from what
// arrived and the header names the client listed in SignedHeaders (host or
// the HTTP/2 :authority pseudo-header, which the JavaScript SDK signs), the
// path normalised and encoded twice as for every service but S3, and the
// signature compared in constant time. No SDK signer takes part; the Go
// SDK's serves only as the tests' oracle.
package awsauth
