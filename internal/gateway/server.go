package gateway

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/gateway/api"
	"github.com/qbiz/qbiz/internal/gateway/ui"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/session"
)

// Deps are what the gateway is given by its composition root.
type Deps struct {
	Store  session.Store
	Sealer *session.Sealer
	// HTTP is the one pooled client toward the IdPs and AWS sign-in.
	HTTP *http.Client
	// AWS holds the region, endpoint and HTTP client of the Q Business
	// client; its Credentials are never set: each user's go per call.
	AWS aws.Config
	// AppConfig is the Identity Center application's own configuration
	// (its credentials sign CreateTokenWithIAM); mode idc only.
	AppConfig func(context.Context) (aws.Config, error)
	Logger    *slog.Logger
	Now       func() time.Time
	Random    io.Reader
	Registry  *prometheus.Registry
}

// Server is the gateway: its routes and what they share.
type Server struct {
	cfg     config.Gateway
	d       Deps
	log     *slog.Logger
	origin  string // the public origin, scheme://host[:port]
	idps    map[string]*idp
	order   []*idp // as configured, for the chooser
	m       *metrics
	api     http.Handler
	routes  *routeTable
	handler http.Handler
	opened  *openedSignIns // sessions' sign-ins as last opened
}

var errNoIdP = errors.New("gateway: no identity provider configured")

// New builds the gateway for cfg. It contacts no IdP: discovery and
// metadata are fetched on first use and checked by Ready.
func New(ctx context.Context, cfg config.Gateway, d Deps) (*Server, error) {
	if err := checkDeps(&d); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	pub, err := publicURL(cfg.PublicURL)
	if err != nil {
		return nil, err
	}
	if len(cfg.IdPs) == 0 {
		return nil, errNoIdP
	}
	if cfg.AllowIDPInitiated {
		return nil, errors.New("gateway: IdP-initiated SAML sign-in is not supported; remove allow_idp_initiated")
	}
	s := &Server{cfg: cfg, d: d, log: d.Logger, origin: pub.Scheme + "://" + pub.Host,
		idps: map[string]*idp{}, opened: newOpenedSignIns()}
	if err := s.addIdPs(ctx, pub); err != nil {
		return nil, err
	}
	if s.m, err = newMetrics(d.Registry, d.Store); err != nil {
		return nil, err
	}
	s.api = api.New(api.Options{Q: qchat.NewAPI(d.AWS, qchat.DefaultRetry), Owners: d.Store, Logger: d.Logger,
		Metrics: d.Registry, Now: d.Now})
	s.routes = s.routeTable()
	s.handler = s.build(pub)
	return s, nil
}

func checkDeps(d *Deps) error {
	if d.Store == nil || d.Sealer == nil {
		return errors.New("gateway: a session store and a sealer are required")
	}
	if d.AWS.Credentials != nil {
		return errors.New("gateway: the shared AWS configuration must carry no credentials")
	}
	if d.HTTP == nil {
		d.HTTP = http.DefaultClient
	}
	if d.Logger == nil {
		d.Logger = logging.Discard()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Random == nil {
		d.Random = rand.Reader
	}
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	return nil
}

// publicURL parses the origin browsers use; only its scheme and host count.
func publicURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("gateway: public URL %q: want http(s)://host[:port]", raw)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// Handler is the gateway's whole HTTP surface.
func (s *Server) Handler() http.Handler { return s.handler }

// Ready reports whether the store answers and every IdP's discovery
// document or metadata can be had; the error names the failing part.
func (s *Server) Ready(ctx context.Context) error {
	if err := s.d.Store.Ping(ctx); err != nil {
		return &NotReadyError{Part: "session store", Err: err}
	}
	for _, p := range s.order {
		if err := p.ready(ctx); err != nil {
			return &NotReadyError{Part: "identity provider " + p.name, Err: err}
		}
	}
	return nil
}

// NotReadyError names the part Ready found failing.
type NotReadyError struct {
	Part string
	Err  error
}

func (e *NotReadyError) Error() string { return e.Part + ": " + e.Err.Error() }
func (e *NotReadyError) Unwrap() error { return e.Err }

// routeTable is the allow-list: every path the gateway serves.
func (s *Server) routeTable() *routeTable {
	get, post := []string{http.MethodGet}, []string{http.MethodPost}
	t := newRouteTable()
	t.add("/", &route{name: "home", methods: get, access: browser, handler: s.serve(s.home)})
	t.add(loginPath, &route{name: "login", methods: get, access: public, handler: s.serve(s.login)})
	t.add(callbackPath, &route{name: "callback", methods: get, access: public, handler: s.serve(s.callback)})
	t.add(acsPath, &route{name: "saml_acs", methods: post, access: public, handler: s.serve(s.acs)})
	t.add(logoutPath, &route{name: "logout", methods: post, access: private, handler: s.serve(s.logout)})
	t.add("/healthz", &route{name: "healthz", methods: get, access: public, handler: http.HandlerFunc(healthz)})
	t.add("/readyz", &route{name: "readyz", methods: get, access: public, handler: http.HandlerFunc(s.readyz)})
	t.add("/metrics", &route{name: "metrics", methods: get, access: public, handler: s.metricsHandler()})
	t.add("/static/", &route{name: "static", prefix: true, methods: get, access: public, handler: ui.Static()})
	t.add("/api/", &route{name: "api", prefix: true, access: private, handler: s.api,
		methods: []string{http.MethodGet, http.MethodPost, http.MethodDelete}})
	return t
}
