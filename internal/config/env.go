package config

import (
	"errors"
	"path/filepath"
	"strings"
)

// Env is the process environment as the composition root passes it in.
type Env interface {
	Getenv(key string) string
}

// EnvFunc adapts a lookup function, such as os.Getenv, to Env.
type EnvFunc func(string) string

// Getenv implements Env.
func (f EnvFunc) Getenv(key string) string { return f(key) }

// MapEnv is an Env backed by a map, for tests and embedding.
type MapEnv map[string]string

// Getenv implements Env.
func (m MapEnv) Getenv(key string) string { return m[key] }

// ErrNoHome means neither AWS_CONFIG_FILE nor HOME says where the config
// file lives.
var ErrNoHome = errors.New("cannot locate the AWS config file: set HOME or AWS_CONFIG_FILE")

// Path returns the config file path: $AWS_CONFIG_FILE (a leading "~/" is
// expanded with HOME), else $HOME/.aws/config.
func Path(env Env) (string, error) {
	home := env.Getenv("HOME")
	if p := env.Getenv("AWS_CONFIG_FILE"); p != "" {
		return expandHome(p, home)
	}
	if home == "" {
		return "", ErrNoHome
	}
	return filepath.Join(home, ".aws", "config"), nil
}

func expandHome(p, home string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p, nil
	}
	if home == "" {
		return "", ErrNoHome
	}
	return filepath.Join(home, strings.TrimPrefix(p[1:], "/")), nil
}
