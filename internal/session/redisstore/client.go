package redisstore

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/redis/go-redis/v9"
)

// ParseURL returns client options for a redis:// or rediss:// URL with
// what the store relies on: a ctx's deadline bounds each command (and a
// command cut short discards its connection). The error never repeats the
// URL, which may carry a password.
func ParseURL(rawURL string) (*redis.Options, error) {
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("redis URL: %w", err)
	}
	opt.ContextTimeoutEnabled = true
	return opt, nil
}

// NewClient returns a client for rawURL with ParseURL's options.
func NewClient(rawURL string) (*redis.Client, error) {
	opt, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	return redis.NewClient(opt), nil
}
