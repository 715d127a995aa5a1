package redistest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// RequireEnv names the variable that turns a missing redis-server from a
// skip into a failure (CI sets it).
const RequireEnv = "QBIZ_REQUIRE_REDIS"

// startAttempts bounds the retries when the chosen port is taken between
// probing it and the server binding it.
const startAttempts = 3

// readyWithin bounds how long a starting server may take to answer PING.
const readyWithin = 15 * time.Second

// Server is a running redis-server.
type Server struct {
	Addr string // 127.0.0.1:PORT

	cmd    *exec.Cmd
	output *lockedBuffer
	exited chan struct{}
}

// URL is the server's redis:// URL, as --redis takes it.
func (s *Server) URL() string { return "redis://" + s.Addr + "/0" }

// Client returns a client of the server, closed when t ends.
func (s *Server) Client(t testing.TB) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.Addr, ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// Start runs a redis-server for t and returns a client of it.
func Start(t testing.TB) *redis.Client {
	t.Helper()
	return StartServer(t).Client(t)
}

// StartServer runs a redis-server for t and returns it, so that several
// processes (two gateway replicas) can share it through its URL.
func StartServer(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("redis-server is not on PATH and %s=1 requires it (Debian: apt-get install redis-server)", RequireEnv)
		}
		t.Skipf("redis-server is not on PATH (Debian: apt-get install redis-server); set %s=1 to fail instead", RequireEnv)
	}
	var last error
	for range startAttempts {
		s, err := start(t, bin)
		if err == nil {
			t.Cleanup(s.stop)
			return s
		}
		last = err
	}
	t.Fatalf("start redis-server: %v", last)
	return nil
}

func start(t testing.TB, bin string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{
		Addr:   net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		output: &lockedBuffer{},
		exited: make(chan struct{}),
	}
	s.cmd = exec.Command(bin,
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir(),
		"--daemonize", "no", "--logfile", "")
	s.cmd.Stdout, s.cmd.Stderr = s.output, s.output
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	if err := s.waitReady(); err != nil {
		s.stop()
		return nil, fmt.Errorf("%w; its output:\n%s", err, s.output.String())
	}
	return s, nil
}

// waitReady polls PING until the server answers, exits, or readyWithin
// passes.
func (s *Server) waitReady() error {
	c := redis.NewClient(&redis.Options{Addr: s.Addr, MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(readyWithin)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-s.exited:
			return errors.New("redis-server exited before answering PING")
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server did not answer PING within %v: %w", readyWithin, err)
		}
	}
}

// Stop kills the server before the test ends (Redis going away under a
// running gateway); calling it again, or the test's cleanup, does nothing.
func (s *Server) Stop() { s.stop() }

func (s *Server) stop() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// freePort asks the kernel for a free loopback port. Another process may
// take it before redis-server binds it; StartServer retries then.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// lockedBuffer collects the server's output for a failure message.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
