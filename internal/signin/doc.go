// Package signin turns one person's sign-in into fresh AWS credentials,
// for the CLI, the demo and a gateway alike: the first exchange after a
// login, every renewal through the identity provider (OIDC refresh,
// Identity Center's own refresh token, "SAML needs a new sign-in"),
// single flight across goroutines and processes through the store's
// lock, identity pinning (a renewal naming another issuer or subject logs
// the profile out) and the cached aws.CredentialsProvider that calls AWS
// as the user.
//
// Its inputs are a profile's settings, a Store (the token cache; a
// gateway's shared store), an HTTP client, a clock and a logger. It reads
// no environment and prints nothing; errors wrap the sentinels of
// identity, oidcauth and awscreds for the caller to explain.
package signin
