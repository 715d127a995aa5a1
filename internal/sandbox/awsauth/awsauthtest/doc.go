// Package awsauthtest signs requests for tests from a canonical request
// spelled out by hand, as the SigV4 specification writes it, so tests can
// send what another SDK sends (the JavaScript SDK's :authority signature)
// without sharing code with the verifier under test.
package awsauthtest
