package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qbiz/qbiz/internal/session"
)

// Seen records a SAML assertion id (SET NX) until until, and at least
// session.SeenFloor, and reports whether it was recorded already.
func (s *Store) Seen(ctx context.Context, id string, until time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	ttl := max(until.Sub(s.now()), session.SeenFloor)
	fresh, err := s.c.SetNX(ctx, s.key("r", id), "1", ttl).Result()
	if err != nil {
		return false, failed(ctx, "record assertion id", err)
	}
	return !fresh, nil
}

// PutTransaction keeps value under key for ttl.
func (s *Store) PutTransaction(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if ttl < time.Millisecond {
		return fmt.Errorf("put transaction: ttl %v is under a millisecond", ttl)
	}
	if err := s.c.Set(ctx, s.key("t", key), value, ttl).Err(); err != nil {
		return failed(ctx, "put transaction", err)
	}
	return nil
}

// TakeTransaction returns and deletes the transaction under key in one
// command (GETDEL), so only one caller ever gets it.
func (s *Store) TakeTransaction(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := s.c.GetDel(ctx, s.key("t", key)).Bytes()
	if errors.Is(err, redis.Nil) && ctx.Err() == nil {
		return nil, session.ErrNotFound
	}
	if err != nil {
		return nil, failed(ctx, "take transaction", err)
	}
	return b, nil
}

// SetOwner files conversationID under owner for ttl.
func (s *Store) SetOwner(ctx context.Context, conversationID, owner string, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if ttl < time.Millisecond {
		return fmt.Errorf("set owner: ttl %v is under a millisecond", ttl)
	}
	if err := s.c.Set(ctx, s.key("c", conversationID), owner, ttl).Err(); err != nil {
		return failed(ctx, "set conversation owner", err)
	}
	return nil
}

// Owner returns the owner conversationID is filed under.
func (s *Store) Owner(ctx context.Context, conversationID string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	o, err := s.c.Get(ctx, s.key("c", conversationID)).Result()
	if errors.Is(err, redis.Nil) && ctx.Err() == nil {
		return "", session.ErrNotFound
	}
	if err != nil {
		return "", failed(ctx, "get conversation owner", err)
	}
	return o, nil
}
