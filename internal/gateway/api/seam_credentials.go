//go:build !mutant_rolekey && !mutant_sharedconfig && !mutant_singleflight

package api

import "github.com/aws/aws-sdk-go-v2/aws"

// userCredentials is the provider that signs u's calls: u's own. (The
// isolation soak's mutants replace this function; see e2e/isolation_*.)
func userCredentials(u *User) aws.CredentialsProvider { return u.Credentials }
