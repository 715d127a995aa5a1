//go:build mutant_rolekey

package api

import (
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// MUTANT for the isolation soak (never built by default): a credential
// cache keyed by the role, not the user. The gateway keeps no such cache;
// the closest structure is the provider each call is signed with. The key
// is the application, which the configuration maps one to one to a role.
var byRole sync.Map

func userCredentials(u *User) aws.CredentialsProvider {
	p, _ := byRole.LoadOrStore(u.IdP+" "+u.ApplicationID, u.Credentials)
	return p.(aws.CredentialsProvider)
}
