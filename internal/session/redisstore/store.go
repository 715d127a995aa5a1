package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qbiz/qbiz/internal/session"
)

// Store is a session.Store on Redis.
type Store struct {
	c      redis.UniversalClient
	prefix string
	now    func() time.Time
}

var _ session.Store = (*Store)(nil)

// GatewayPrefix is the prefix qbiz serve keeps its keys under; its
// replicas and qbiz admin sessions share it.
const GatewayPrefix = "qbiz:"

// New returns a Store keeping its keys under prefix ("qbiz:"; in a Redis
// Cluster with a hash tag, "{qbiz}:"). Replicas sharing sessions use the
// same prefix. The client should come from NewClient, whose settings let
// a ctx's deadline bound each command.
func New(client redis.UniversalClient, prefix string) *Store {
	return &Store{c: client, prefix: prefix, now: time.Now}
}

func (s *Store) key(kind, name string) string { return s.prefix + kind + ":" + name }

// failed wraps err for op; once ctx has ended, ctx's error is the cause.
// A socket deadline taken from ctx can fire before ctx reports its own
// end, so a passed deadline counts as ended.
func failed(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = ctxErr
	} else if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		err = context.DeadlineExceeded
	}
	return fmt.Errorf("redis %s: %w", op, err)
}

// Create stores s until s.Expires.
func (s *Store) Create(ctx context.Context, sess *session.Session) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if sess == nil || sess.ID == "" {
		return errors.New("create session: no id")
	}
	if !s.now().Before(sess.Expires) {
		return errors.New("create session: it has already ended")
	}
	n, err := s.runSessionScript(ctx, createScript, sess)
	if err != nil {
		return failed(ctx, "create session", err)
	}
	if n == 0 {
		return session.ErrExists
	}
	return nil
}

// Get returns the live session under id, or session.ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (*session.Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := s.c.HGet(ctx, s.key("s", id), "v").Bytes()
	if errors.Is(err, redis.Nil) && ctx.Err() == nil {
		return nil, session.ErrNotFound
	}
	if err != nil {
		return nil, failed(ctx, "get session", err)
	}
	sess, err := decodeSession(b)
	if err != nil {
		return nil, fmt.Errorf("redis get session: %w", err)
	}
	return sess, nil
}

// Update replaces the live session under sess.ID; session.ErrNotFound if
// it was deleted or ended meanwhile. A session never changes user.
func (s *Store) Update(ctx context.Context, sess *session.Session) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if sess == nil {
		return errors.New("update session: nil")
	}
	n, err := s.runSessionScript(ctx, updateScript, sess)
	switch {
	case err != nil:
		return failed(ctx, "update session", err)
	case n == 0:
		return session.ErrNotFound
	case n < 0:
		return errors.New("update session: it belongs to another user")
	}
	return nil
}

func (s *Store) runSessionScript(ctx context.Context, script *redis.Script, sess *session.Session) (int64, error) {
	owner := session.Owner(sess.User)
	keys := []string{s.key("s", sess.ID), s.key("u", owner), s.prefix + "n"}
	end := strconv.FormatInt(sess.Expires.UnixMilli(), 10)
	return script.Run(ctx, s.c, keys, encodeSession(sess), end, sess.ID, owner).Int64()
}

// Delete removes the session under id, if any.
func (s *Store) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	keys := []string{s.key("s", id), s.prefix + "n"}
	if err := deleteScript.Run(ctx, s.c, keys, id, s.prefix+"u:").Err(); err != nil {
		return failed(ctx, "delete session", err)
	}
	return nil
}

// DeleteUser removes every session of owner and returns how many live
// ones it removed.
func (s *Store) DeleteUser(ctx context.Context, owner string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	keys := []string{s.key("u", owner), s.prefix + "n"}
	n, err := deleteUserScript.Run(ctx, s.c, keys, s.prefix+"s:", owner).Int()
	if err != nil {
		return 0, failed(ctx, "delete user's sessions", err)
	}
	return n, nil
}

// Count returns the number of live sessions.
func (s *Store) Count(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := countScript.Run(ctx, s.c, []string{s.prefix + "n"}).Int()
	if err != nil {
		return 0, failed(ctx, "count sessions", err)
	}
	return n, nil
}

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.c.Ping(ctx).Err(); err != nil {
		return failed(ctx, "ping", err)
	}
	return nil
}
