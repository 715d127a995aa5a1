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
	"sync"
	"sync/atomic"
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
	// StatePath, when set, persists the world: Start restores it from this
	// file (skipping provisioning) or provisions and writes it, then saves
	// it after changes (at most once a second) and on Close. The file holds
	// secrets and must be mode 0600. Issuer URLs embed the address, so a
	// saved world restarts only on the same Addr.
	StatePath string
	// SoakUsers adds that many users u000… for isolation soaks (demo
	// scenario, no state file), each with one canary document; see SoakUsers.
	SoakUsers int
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
	soak soakWorld

	sealKey   []byte
	adminKey  savedAdmin
	saveMu    sync.Mutex
	autosave  atomic.Pointer[autosaver] // set once the world is complete enough to save
	ready     atomic.Bool               // set once the world is built; until then every request gets 503
	handler   http.Handler
	closeOnce sync.Once
	closeErr  error
}

// Start listens, builds the services, provisions the scenario (or restores
// the world saved at opts.StatePath) and serves until Close. Until Start
// returns, the port answers every request with 503 and Retry-After.
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
	saved, err := loadSaved(opts)
	if err != nil {
		return nil, err
	}
	s := &Sandbox{opts: opts, Ledger: ledger.New(100000), Faults: faults.New()}
	if err := s.listen(); err != nil {
		return nil, err
	}
	if err := s.build(saved); err != nil {
		_ = s.ln.Close()
		return nil, err
	}
	s.serve()
	if saved != nil {
		s.startAutosave()
		s.ready.Store(true)
		return s, nil
	}
	if err := s.provision(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	if opts.StatePath != "" {
		if err := s.Save(); err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("start sandbox: %w", err)
		}
		s.startAutosave()
	}
	s.ready.Store(true)
	return s, nil
}

// loadSaved reads the state file, if one is configured and present, and
// checks it was saved under the requested scenario.
func loadSaved(opts Options) (*savedState, error) {
	if opts.StatePath == "" {
		return nil, nil
	}
	st, err := loadState(opts.StatePath)
	if err != nil || st == nil {
		return nil, err
	}
	if st.Scenario != opts.Scenario {
		return nil, fmt.Errorf("sandbox state file %s holds a %s world, not %s: pass --scenario %s or use another --state file",
			opts.StatePath, st.Scenario, opts.Scenario, st.Scenario)
	}
	return st, nil
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

func (s *Sandbox) build(saved *savedState) error {
	if saved != nil {
		if err := saved.checkAddress(s.opts.StatePath, s.URL); err != nil {
			return err
		}
	}
	if err := s.buildAuthority(saved); err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	var err error
	if s.opts.TLS {
		if s.ca, err = newCertAuthority(s.ln.Addr()); err != nil {
			return fmt.Errorf("start sandbox: %w", err)
		}
		if err := s.ca.writePEM(s.opts.CAFile); err != nil {
			return fmt.Errorf("start sandbox: %w", err)
		}
	}
	if err := s.buildServices(saved); err != nil {
		if saved != nil {
			return fmt.Errorf("sandbox state file %s: %w", s.opts.StatePath, err)
		}
		return err
	}
	if saved != nil {
		return s.restore(saved)
	}
	s.createAdmin()
	return nil
}

// buildAuthority makes the credential authority with a fresh seal key, or
// the saved one so previously issued session tokens still open.
func (s *Sandbox) buildAuthority(saved *savedState) error {
	key := make([]byte, 32)
	if saved != nil {
		key = saved.SealKey
	} else if _, err := rand.Read(key); err != nil {
		return err
	}
	a, err := awsauth.NewAuthority(key, nil)
	if err != nil {
		return err
	}
	s.authority, s.sealKey = a, key
	return nil
}

func (s *Sandbox) serve() {
	mux := http.NewServeMux()
	s.mountControl(mux)
	s.mountServices(mux)
	s.handler = mux
	s.srv = &http.Server{Handler: s.untilReady(s.savingChanges(s.skewingDates(mux))), ReadHeaderTimeout: 10 * time.Second, Protocols: new(http.Protocols),
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

// Close stops serving and, with a state file, saves the world. Calls after
// the first return its result.
func (s *Sandbox) Close() error {
	s.closeOnce.Do(func() {
		s.closeErr = s.shutdown()
		if a := s.autosave.Load(); a != nil {
			a.close()
			s.closeErr = errors.Join(s.closeErr, s.Save())
		}
	})
	return s.closeErr
}

func (s *Sandbox) shutdown() error {
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
