package serve

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/redisstore"
)

// Connection pool of the gateway's one transport toward the IdPs and
// AWS: every signed-in user's calls share it.
const (
	serveMaxIdleConns        = 1024
	serveMaxIdleConnsPerHost = 256
	redisPingTimeout         = 5 * time.Second
	// IdPTimeout bounds each request to an identity provider or AWS
	// sign-in (chat streams are bounded by their request's context).
	IdPTimeout = 30 * time.Second
)

// buildServeDeps makes what the gateway is given: the session store and
// sealer, one pooled transport, the AWS configuration without
// credentials, the Identity Center application's configuration, the
// metrics registry. The returned func releases them.
func buildDeps(ctx context.Context, o Options, cfg config.Gateway, sb Sandbox, log *slog.Logger) (gateway.Deps, func(), error) {
	region, endpoint, err := serveRegion(cfg)
	if err != nil {
		return gateway.Deps{}, nil, err
	}
	sealer, err := serveSealer(cfg)
	if err != nil {
		return gateway.Deps{}, nil, err
	}
	store, closeStore, err := serveStore(ctx, cfg, log)
	if err != nil {
		return gateway.Deps{}, nil, err
	}
	tr := o.Network.Stream(endpoint).WithTransportOptions(poolTransport).GetTransport()
	awsHTTP := &http.Client{Transport: tr} // chat streams: bounded by each request's context
	base := aws.Config{Region: region, HTTPClient: awsHTTP}
	if endpoint != "" {
		base.BaseEndpoint = aws.String(endpoint)
	}
	appConfig, err := serveAppConfig(ctx, cfg, sb, base)
	if err != nil {
		closeStore()
		return gateway.Deps{}, nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	log.Info("qbiz serve: sessions", "store", storeKind(cfg), "key", keyKind(cfg))
	return gateway.Deps{Store: store, Sealer: sealer, HTTP: &http.Client{Transport: tr, Timeout: IdPTimeout},
		AWS: base, AppConfig: appConfig, Logger: log, Now: time.Now, Random: rand.Reader, Registry: reg}, closeStore, nil
}

// poolTransport sizes the pool for many users at once and keeps TLS
// HTTP/2 on next to h2c (the sandbox's Chat stream).
func poolTransport(tr *http.Transport) {
	tr.MaxIdleConns = serveMaxIdleConns
	tr.MaxIdleConnsPerHost = serveMaxIdleConnsPerHost
	if tr.Protocols != nil && tr.Protocols.UnencryptedHTTP2() {
		tr.Protocols.SetHTTP2(true)
	}
}

// serveRegion is the Q Business region and endpoint: the gateway has one
// shared Q Business client, so every identity provider must agree.
func serveRegion(cfg config.Gateway) (region, endpoint string, err error) {
	first := cfg.IdPs[0]
	for _, p := range cfg.IdPs[1:] {
		if p.Profile.Region != first.Profile.Region || p.Profile.EndpointURL != first.Profile.EndpointURL {
			return "", "", fmt.Errorf("identity providers %s and %s name different regions or endpoints (%s %s, %s %s): "+
				"one gateway serves one Q Business region; run a gateway per region", first.Name, p.Name,
				first.Profile.Region, first.Profile.EndpointURL, p.Profile.Region, p.Profile.EndpointURL)
		}
	}
	return first.Profile.Region, first.Profile.EndpointURL, nil
}

// serveStore is the memory store, or Redis when configured; Redis must
// answer now.
func serveStore(ctx context.Context, cfg config.Gateway, log *slog.Logger) (session.Store, func(), error) {
	if cfg.Redis == "" {
		return session.NewMemoryStore(nil), func() {}, nil
	}
	redis.SetLogger(redisLog{log})
	client, err := redisstore.NewClient(cfg.Redis)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: use --redis redis://[USER:PASSWORD@]HOST:PORT[/DB]", err)
	}
	store := redisstore.New(client, redisstore.GatewayPrefix)
	pctx, cancel := context.WithTimeout(ctx, redisPingTimeout)
	defer cancel()
	if err := store.Ping(pctx); err != nil {
		_ = client.Close()
		return nil, nil, fmt.Errorf("redis at %s does not answer (start it, or check --redis; without --redis, "+
			"sessions stay in this process's memory): %w", client.Options().Addr, err)
	}
	return store, func() { _ = client.Close() }, nil
}

// redisLog sends go-redis's own messages (a pool's dial retries) to the
// gateway's log at debug level: errors reach the gateway as results.
type redisLog struct{ log *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "redis: "+fmt.Sprintf(format, v...))
}

// serveSealer seals sessions with the key file's key, or a random key
// when none is configured (sessions then end with the process). Replicas
// sharing Redis must share a key, so Redis without a key file is refused.
func serveSealer(cfg config.Gateway) (*session.Sealer, error) {
	if cfg.SessionKeyFile == "" {
		if cfg.Redis != "" {
			return nil, errors.New("--redis needs --session-key-file: replicas sharing sessions must share the key that seals them " +
				"(make one: " + makeKey + ")")
		}
		key := make([]byte, session.KeySize)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("session key: %w", err)
		}
		return session.NewSealer(key)
	}
	key, err := readSessionKey(cfg.SessionKeyFile)
	if err != nil {
		return nil, err
	}
	return session.NewSealer(key)
}

const makeKey = "head -c 32 /dev/urandom | base64 > session.key && chmod 600 session.key"

// readSessionKey reads 32 raw bytes, or their base64, from a file only
// its owner can read.
func readSessionKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("session key file %s does not exist (make one: %s)", path, makeKey)
	}
	if err != nil {
		return nil, fmt.Errorf("session key file: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("session key file %s can be read by others (mode %04o): run chmod 600 %s", path, perm, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("session key file: %w", err)
	}
	if len(data) == session.KeySize {
		return data, nil
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(key) != session.KeySize {
		return nil, fmt.Errorf("session key file %s: want %d random bytes, raw or base64 (make one: %s)", path, session.KeySize, makeKey)
	}
	return key, nil
}

// serveAppConfig is the Identity Center application's own configuration:
// the sandbox administrator's keys, or the named profile (else the SDK's
// default chain) on the gateway's transport. Loaded once, now, when an
// IdP needs it.
func serveAppConfig(ctx context.Context, cfg config.Gateway, sb Sandbox, base aws.Config) (func(context.Context) (aws.Config, error), error) {
	if !hasMode(cfg, identity.ModeIDC) {
		return nil, nil
	}
	if sb != nil {
		app := base.Copy()
		app.Credentials = aws.NewCredentialsCache(sb.AppCredentials())
		return func(context.Context) (aws.Config, error) { return app, nil }, nil
	}
	var opts []func(*awsconfig.LoadOptions) error
	if cfg.AWSProfile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(cfg.AWSProfile))
	}
	app, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("load the Identity Center application's AWS configuration (set aws_profile, or "+
			"QBIZ_SERVE_AWS_PROFILE, to a profile with the application's credentials): %w", err)
	}
	app.HTTPClient = base.HTTPClient
	if app.Region == "" {
		app.Region = base.Region
	}
	if app.BaseEndpoint == nil {
		app.BaseEndpoint = base.BaseEndpoint
	}
	return func(context.Context) (aws.Config, error) { return app, nil }, nil
}

func hasMode(cfg config.Gateway, m identity.Mode) bool {
	for _, p := range cfg.IdPs {
		if p.Profile.Mode == m {
			return true
		}
	}
	return false
}

func storeKind(cfg config.Gateway) string {
	if cfg.Redis != "" {
		return "redis"
	}
	return "memory"
}

func keyKind(cfg config.Gateway) string {
	if cfg.SessionKeyFile != "" {
		return "file"
	}
	return "random (sessions end with this process)"
}
