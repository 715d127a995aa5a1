//go:build mutant_sharedconfig

package api

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// MUTANT for the isolation soak (never built by default): one shared
// aws.Config whose Credentials each request overwrites with its user's,
// every call signed with whatever the field holds when it is signed
// (guarded by a mutex, so only the isolation oracle, not the race
// detector, can see it).
var shared struct {
	mu  sync.Mutex
	cfg aws.Config
}

func userCredentials(u *User) aws.CredentialsProvider {
	shared.mu.Lock()
	shared.cfg.Credentials = u.Credentials
	shared.mu.Unlock()
	return aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {
		shared.mu.Lock()
		p := shared.cfg.Credentials
		shared.mu.Unlock()
		return p.Retrieve(ctx)
	})
}
