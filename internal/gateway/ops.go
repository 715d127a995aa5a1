package gateway

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// readyTimeout bounds one readiness check.
const readyTimeout = 5 * time.Second

// healthz is liveness: the process serves requests. It calls nothing.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz is readiness: the store answers and every IdP's discovery or
// metadata can be had. A failure names the part, never a secret.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.Ready(ctx); err != nil {
		s.log.WarnContext(r.Context(), "not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		part := "unknown"
		var nr *NotReadyError
		if errors.As(err, &nr) {
			part = nr.Part
		}
		_, _ = w.Write([]byte("not ready: " + part + "\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

func (s *Server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.d.Registry, promhttp.HandlerOpts{})
}
