package redisstore

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Waiting for a held lock polls with a backoff between these bounds.
const (
	lockPollMin = 2 * time.Millisecond
	lockPollMax = 50 * time.Millisecond
)

// unlockWithin bounds the compare-and-delete of an unlock; if it fails,
// the lease ends the lock anyway.
const unlockWithin = 2 * time.Second

// Lock takes the named lock for lease (SET NX PX with a random token),
// polling until it is free or ctx ends. The returned unlock deletes the
// lock only while it still holds this token, so a holder whose lease has
// ended never releases the next holder's lock.
func (s *Store) Lock(ctx context.Context, name string, lease time.Duration) (func(), error) {
	if lease < time.Millisecond {
		return nil, fmt.Errorf("lock: lease %v is under a millisecond", lease)
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	key := s.key("l", name)
	wait := lockPollMin
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		took, err := s.c.SetNX(ctx, key, token, lease).Result()
		if err != nil {
			return nil, failed(ctx, "lock", err)
		}
		if took {
			return s.unlocker(ctx, key, token), nil
		}
		timer := time.NewTimer(wait/2 + rand.N(wait/2+1))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
		wait = min(2*wait, lockPollMax)
	}
}

func (s *Store) unlocker(ctx context.Context, key, token string) func() {
	return func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), unlockWithin)
		defer cancel()
		_ = unlockScript.Run(ctx, s.c, []string{key}, token).Err()
	}
}

func newToken() (string, error) {
	b := make([]byte, 16)
	if _, err := crand.Read(b); err != nil {
		return "", errors.Join(errors.New("lock token"), err)
	}
	return hex.EncodeToString(b), nil
}
