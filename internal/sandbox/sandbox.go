package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// Scenarios.
const (
	ScenarioDemo  = "demo"
	ScenarioEmpty = "empty"
)

// Account and Region of every sandbox world.
const (
	Account = "123456789012"
	Region  = "us-east-1"
)

// Options configure a sandbox.
type Options struct {
	// Addr is the listen address; "127.0.0.1:0" picks a free port.
	Addr     string
	Scenario string
	// TLS serves HTTPS (h2 via ALPN) with a generated CA written to CAFile.
	TLS    bool
	CAFile string
	Logger *slog.Logger
}

// Sandbox is a running emulator.
type Sandbox struct {
	URL    string
	Ledger *ledger.Ledger
	Faults *faults.Injector

	opts      Options
	srv       *http.Server
	ln        net.Listener
	authority *awsauth.Authority
	directory *directory.Directory
	admin     awsauth.Credentials
	ca        *certAuthority
	services
	info Info
}

// Start listens, builds the services, provisions the scenario and serves
// until Close or ctx ends.
func Start(ctx context.Context, opts Options) (*Sandbox, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Scenario == "" {
		opts.Scenario = ScenarioDemo
	}
	if opts.Scenario != ScenarioDemo && opts.Scenario != ScenarioEmpty {
		return nil, fmt.Errorf("start sandbox: unknown scenario %q (want demo or empty)", opts.Scenario)
	}
	s := &Sandbox{opts: opts, Ledger: ledger.New(100000), Faults: faults.New()}
	if err := s.listen(); err != nil {
		return nil, err
	}
	if err := s.build(); err != nil {
		_ = s.ln.Close()
		return nil, err
	}
	s.serve()
	if err := s.provision(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Sandbox) listen() error {
	addr := s.opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("start sandbox: listen on %s: %w", addr, err)
	}
	s.ln = ln
	scheme := "http"
	if s.opts.TLS {
		scheme = "https"
	}
	s.URL = scheme + "://" + ln.Addr().String()
	return nil
}

func (s *Sandbox) build() error {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	a, err := awsauth.NewAuthority(key, nil)
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	s.authority = a
	if s.opts.TLS {
		if s.ca, err = newCertAuthority(s.ln.Addr()); err != nil {
			return fmt.Errorf("start sandbox: %w", err)
		}
		if err := s.ca.writePEM(s.opts.CAFile); err != nil {
			return fmt.Errorf("start sandbox: %w", err)
		}
	}
	return s.buildServices()
}

func (s *Sandbox) serve() {
	mux := http.NewServeMux()
	s.mountControl(mux)
	s.mountServices(mux)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, Protocols: new(http.Protocols),
		ErrorLog: slog.NewLogLogger(s.opts.Logger.Handler(), slog.LevelDebug)}
	s.srv.Protocols.SetHTTP1(true)
	ln := s.ln
	if s.ca != nil {
		s.srv.Protocols.SetHTTP2(true)
		ln = tls.NewListener(ln, s.ca.serverConfig())
	} else {
		s.srv.Protocols.SetUnencryptedHTTP2(true)
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.opts.Logger.Error("sandbox server stopped", "err", err)
		}
	}()
}

// Close stops serving.
func (s *Sandbox) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return s.srv.Close()
	}
	return nil
}

// Info describes the world (what GET /sandbox/info returns).
func (s *Sandbox) Info() Info { return s.info }

// HTTPClient returns a client that trusts the sandbox (its CA under TLS)
// and speaks h2c to it otherwise.
func (s *Sandbox) HTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Protocols = new(http.Protocols)
	if s.ca != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: s.ca.pool(), MinVersion: tls.VersionTLS12}
		tr.Protocols.SetHTTP1(true)
		tr.Protocols.SetHTTP2(true)
	} else {
		// With HTTP/1 off, http:// URLs are spoken to with h2c prior knowledge.
		tr.Protocols.SetUnencryptedHTTP2(true)
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}
