package sandbox

import (
	"net/http"
	"strings"
	"time"
)

// skewingDates sets the Date header of each answer to the sandbox's clock
// moved by the clock_skew fault of the service the request is for (its
// own rule, else "*"), as a server whose clock is off sends it. Only the
// header moves: tokens and signatures keep the true time.
func (s *Sandbox) skewingDates(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Faults.AnyClockSkew() {
			if d := s.Faults.ClockSkew(clockService(r)); d != 0 {
				w = &skewedDate{ResponseWriter: w, skew: d}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// clockService names the service whose clock answers r: "oidc-idp" and
// "saml-idp" for the identity providers, else the AWS service.
func clockService(r *http.Request) string {
	switch {
	case strings.HasPrefix(r.URL.Path, "/idp/oidc"):
		return "oidc-idp"
	case strings.HasPrefix(r.URL.Path, "/idp/saml"):
		return "saml-idp"
	}
	return classify(r)
}

// skewedDate writes the skewed Date as the header goes out, whatever
// Date the handler set.
type skewedDate struct {
	http.ResponseWriter
	skew  time.Duration
	wrote bool
}

func (s *skewedDate) WriteHeader(code int) {
	if !s.wrote {
		s.wrote = true
		s.Header().Set("Date", time.Now().Add(s.skew).UTC().Format(http.TimeFormat))
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *skewedDate) Write(b []byte) (int, error) {
	if !s.wrote {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
}

// Flush keeps streamed answers streaming.
func (s *skewedDate) Flush() {
	if !s.wrote {
		s.WriteHeader(http.StatusOK)
	}
	http.NewResponseController(s.ResponseWriter).Flush() //nolint:errcheck // as http.Flusher: nothing to report
}

// Unwrap lets http.ResponseController reach the connection.
func (s *skewedDate) Unwrap() http.ResponseWriter { return s.ResponseWriter }
