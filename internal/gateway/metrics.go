package gateway

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// countTimeout bounds the store call behind the active-sessions gauge.
const countTimeout = 2 * time.Second

// metrics are the gateway's Prometheus collectors.
type metrics struct {
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	signIns   *prometheus.CounterVec
	exchanges *prometheus.CounterVec
	lookups   *prometheus.CounterVec
}

type counter interface {
	Count(ctx context.Context) (int, error)
}

func newMetrics(reg prometheus.Registerer, store counter) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "qbiz_gateway_requests_total",
			Help: "HTTP requests by route and status code."}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "qbiz_gateway_request_duration_seconds",
			Help: "Time to the end of the response, by route.", Buckets: prometheus.ExponentialBuckets(0.0005, 4, 10)},
			[]string{"route"}),
		signIns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "qbiz_gateway_signins_total",
			Help: "Sign-ins by identity provider and outcome."}, []string{"idp", "outcome"}),
		exchanges: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "qbiz_gateway_sts_exchanges_total",
			Help: "Exchanges of a sign-in for AWS credentials, by identity provider, kind and outcome."},
			[]string{"idp", "kind", "outcome"}),
		lookups: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "qbiz_gateway_credential_lookups_total",
			Help: "Per-request credential lookups: served from the session (hit) or renewed."}, []string{"result"}),
	}
	active := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "qbiz_gateway_active_sessions",
		Help: "Live sessions in the session store (-1 when it does not answer)."}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), countTimeout)
		defer cancel()
		n, err := store.Count(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.signIns, m.exchanges, m.lookups, active} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("gateway metrics: %w", err)
		}
	}
	return m, nil
}

func (m *metrics) request(route string, code int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) signIn(idp, outcome string) { m.signIns.WithLabelValues(idp, outcome).Inc() }

func (m *metrics) exchange(idp, kind string, err error) {
	m.exchanges.WithLabelValues(idp, kind, outcome(err)).Inc()
}

func (m *metrics) credentials(renewed bool, err error) {
	switch {
	case err != nil:
		m.lookups.WithLabelValues("error").Inc()
	case renewed:
		m.lookups.WithLabelValues("renewed").Inc()
	default:
		m.lookups.WithLabelValues("hit").Inc()
	}
}

func outcome(err error) string {
	if err != nil {
		return "error"
	}
	return "ok"
}
