package gateway

import (
	"context"
	"log/slog"
	"time"
)

// replayTimeout bounds one replay-cache call to the store.
const replayTimeout = 5 * time.Second

// seenStore is the part of session.Store the replay cache uses.
type seenStore interface {
	Seen(ctx context.Context, id string, until time.Time) (bool, error)
}

// replayCache is samlauth's replay cache on the session store, so a
// response consumed at one replica is refused at every other. A store
// that does not answer counts as "seen": the sign-in fails closed.
type replayCache struct {
	store seenStore
	log   *slog.Logger
}

func (c replayCache) Seen(id string, until time.Time) bool {
	ctx, cancel := context.WithTimeout(context.Background(), replayTimeout)
	defer cancel()
	seen, err := c.store.Seen(ctx, id, until)
	if err != nil {
		c.log.Warn("saml replay cache unavailable; refusing the response", "err", err)
		return true
	}
	return seen
}
