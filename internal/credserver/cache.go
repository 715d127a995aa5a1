package credserver

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Source supplies the credentials served (a signed-in user's, renewed
// through the sign-in).
type Source interface {
	Retrieve(ctx context.Context) (aws.Credentials, error)
}

// cache keeps the last credentials until margin before they expire.
// Callers that find them stale wait on one lock, so concurrent requests
// make one fetch and the rest are served what it got.
type cache struct {
	src    Source
	now    func() time.Time
	margin time.Duration

	mu  sync.Mutex
	cur aws.Credentials
}

func (c *cache) get(ctx context.Context) (aws.Credentials, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.usable(c.cur) {
		return c.cur, nil
	}
	creds, err := c.src.Retrieve(ctx)
	if err != nil {
		return aws.Credentials{}, err
	}
	if creds.CanExpire && !creds.Expires.After(c.now()) {
		return aws.Credentials{}, errExpired
	}
	c.cur = creds
	return creds, nil
}

func (c *cache) usable(creds aws.Credentials) bool {
	return creds.HasKeys() && (!creds.CanExpire || c.now().Add(c.margin).Before(creds.Expires))
}
