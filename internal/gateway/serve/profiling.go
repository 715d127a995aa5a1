package serve

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// ProfileAddrEnv names the environment variable that turns on the Go
// profiler (net/http/pprof) on a loopback address of its own, for
// measuring the gateway; unset, there is none. It is never on the
// gateway's own listener.
const ProfileAddrEnv = "QBIZ_PPROF_ADDR"

// startProfiler serves /debug/pprof/ on addr, a loopback address only.
// It returns the listener's stop function.
func startProfiler(addr string, log *slog.Logger) (func(), error) {
	if err := loopbackOnly(addr); err != nil {
		return nil, fmt.Errorf("%s: %w", ProfileAddrEnv, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: listen on %s: %w", ProfileAddrEnv, addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln) //nolint:errcheck // ends with Close
	log.Warn("qbiz serve: Go profiler on", "addr", ln.Addr().String())
	return func() { _ = hs.Close() }, nil
}

// loopbackOnly refuses an address whose host is not a loopback IP.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("address %q: the profiler listens on a loopback IP only (127.0.0.1:PORT)", addr)
	}
	return nil
}
