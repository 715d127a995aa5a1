package api

import (
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the API's Prometheus series; a nil *metrics records nothing.
type metrics struct {
	started  prometheus.Counter
	finished *prometheus.CounterVec // outcome: done, error, cancelled
	duration prometheus.Histogram
	errors   *prometheus.CounterVec // kind: as the error renderer names it
}

// newMetrics registers the series with reg; nil reg means none. A series
// already registered (a second API on one registry) is shared.
func newMetrics(reg prometheus.Registerer, log *slog.Logger) *metrics {
	if reg == nil {
		return nil
	}
	m := &metrics{
		started: prometheus.NewCounter(prometheus.CounterOpts{Name: "qbiz_gateway_chat_streams_started_total",
			Help: "Chat streams the API started."}),
		finished: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "qbiz_gateway_chat_streams_finished_total",
			Help: "Chat streams the API finished, by outcome (done, error, cancelled)."}, []string{"outcome"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "qbiz_gateway_chat_stream_duration_seconds",
			Help: "Duration of chat streams, from the request to the last frame.", Buckets: prometheus.ExponentialBuckets(0.05, 2, 10)}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "qbiz_gateway_upstream_errors_total",
			Help: "Errors of Q Business calls (and of the user's credentials), by kind."}, []string{"kind"}),
	}
	m.started = register(reg, m.started, log)
	m.finished = register(reg, m.finished, log)
	m.duration = register(reg, m.duration, log)
	m.errors = register(reg, m.errors, log)
	return m
}

func register[C prometheus.Collector](reg prometheus.Registerer, c C, log *slog.Logger) C {
	err := reg.Register(c)
	var are prometheus.AlreadyRegisteredError
	switch {
	case err == nil:
	case errors.As(err, &are):
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing
		}
	default:
		log.Warn("api metrics not registered", "err", err)
	}
	return c
}

func (m *metrics) streamStarted() {
	if m != nil {
		m.started.Inc()
	}
}

func (m *metrics) streamFinished(outcome string, d time.Duration) {
	if m != nil {
		m.finished.WithLabelValues(outcome).Inc()
		m.duration.Observe(d.Seconds())
	}
}

func (m *metrics) upstreamError(kind string) {
	if m != nil {
		m.errors.WithLabelValues(kind).Inc()
	}
}
