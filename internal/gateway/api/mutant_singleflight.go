//go:build mutant_singleflight

package api

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// MUTANT for the isolation soak (never built by default): concurrent
// credential retrievals collapsed into one flight keyed by the
// application (the role), not the user: whoever joins a flight gets the
// credentials of the user who started it.
var flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

type flight struct {
	done  chan struct{}
	creds aws.Credentials
	err   error
}

func userCredentials(u *User) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {
		key := u.IdP + " " + u.ApplicationID
		flights.mu.Lock()
		if f, ok := flights.m[key]; ok {
			flights.mu.Unlock()
			<-f.done
			return f.creds, f.err
		}
		if flights.m == nil {
			flights.m = map[string]*flight{}
		}
		f := &flight{done: make(chan struct{})}
		flights.m[key] = f
		flights.mu.Unlock()
		f.creds, f.err = u.Credentials.Retrieve(ctx)
		flights.mu.Lock()
		delete(flights.m, key)
		flights.mu.Unlock()
		close(f.done)
		return f.creds, f.err
	})
}
