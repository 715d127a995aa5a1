package gateway

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"

	"github.com/qbiz/qbiz/internal/gateway/api"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/session"
)

// Body limits of unsafe requests.
const (
	maxAPIBody = 1 << 20  // a chat message, feedback
	maxACSBody = 1 << 20  // a SAML response (samlauth caps the decoded XML at 256 KiB)
	maxBody    = 64 << 10 // anything else
)

type (
	sessionKey struct{}
	routeKey   struct{} // the allow-list entry observe matched
)

// sessionFrom is the session the request was authenticated with.
func sessionFrom(ctx context.Context) *session.Session {
	s, _ := ctx.Value(sessionKey{}).(*session.Session)
	return s
}

// build assembles the handler: request id and logging, recovery, metrics
// and security headers around the allow-list dispatch.
func (s *Server) build(pub *url.URL) http.Handler {
	var origins []string
	for _, p := range s.order {
		if o := p.signOnOrigin(); o != "" {
			origins = append(origins, o)
		}
	}
	h := newHeaderPolicy(pub, origins, s.d.Random).wrap(http.HandlerFunc(s.dispatch))
	return s.observe(h)
}

// observe gives the request an id, logs and measures it, and recovers a
// panic into a generic 500 (its cause logged, never sent).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.d.Now()
		id, err := logging.NewRequestID(s.d.Random)
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		rt := s.routes.lookup(r)
		r = r.WithContext(context.WithValue(logging.WithRequestID(r.Context(), id), routeKey{}, rt))
		rec := &recorder{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler { // the handler chose to abort: let the server do so
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic serving request", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				if !rec.wrote {
					http.Error(rec, "internal error", http.StatusInternalServerError)
				}
			}
			route := "other"
			if rt != nil {
				route = rt.name
			}
			s.m.request(route, rec.code(), s.d.Now().Sub(start))
			s.log.InfoContext(r.Context(), "request", "method", r.Method, "route", route, "status", rec.code(),
				"duration", s.d.Now().Sub(start), "client", s.clientIP(r))
		}()
		next.ServeHTTP(rec, r)
	})
}

// dispatch is the allow-list: only an exact, clean path of the table
// reaches a handler, with an allowed method; unsafe methods pass the
// CSRF checks; private routes need a valid session.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	rt, _ := r.Context().Value(routeKey{}).(*route)
	if rt == nil {
		s.renderError(w, r, fail(http.StatusNotFound, "page not found", nil))
		return
	}
	if !rt.allows(r.Method) {
		w.Header().Set("Allow", strings.Join(rt.methods, ", "))
		s.renderError(w, r, fail(http.StatusMethodNotAllowed, "method not allowed", nil))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, bodyLimit(r.URL.Path))
	if err := s.admit(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	if rt.access == public {
		rt.handler.ServeHTTP(w, r)
		return
	}
	s.authenticated(w, r, rt)
}

// admit runs the checks of an unsafe request that need no session.
func (s *Server) admit(r *http.Request) error {
	if safeMethod(r.Method) || r.URL.Path == acsPath {
		return nil
	}
	if err := checkOrigin(r, s.origin); err != nil {
		return fail(http.StatusForbidden, "request refused: it did not come from this site", err)
	}
	if err := checkJSON(r); err != nil {
		return fail(http.StatusUnsupportedMediaType, "request refused: send application/json", err)
	}
	return nil
}

// authenticated serves a route that looks at the session.
func (s *Server) authenticated(w http.ResponseWriter, r *http.Request, rt *route) {
	sess, err := s.currentSession(r)
	if errors.Is(err, errSignedOut) {
		if len(r.CookiesNamed(sessionCookie)) > 0 {
			clearCookie(w, sessionCookie)
		}
		if rt.access == browser {
			rt.handler.ServeHTTP(w, r)
			return
		}
		s.renderError(w, r, fail(http.StatusUnauthorized, "you are not signed in", nil))
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !safeMethod(r.Method) {
		if err := checkToken(r, sess.CSRF); err != nil {
			s.renderError(w, r, fail(http.StatusForbidden, "request refused: reload the page and try again", err))
			return
		}
	}
	ctx := context.WithValue(r.Context(), sessionKey{}, sess)
	ctx = api.WithUser(ctx, s.userOf(ctx, sess))
	rt.handler.ServeHTTP(w, r.WithContext(ctx))
}

func bodyLimit(p string) int64 {
	switch {
	case strings.HasPrefix(p, "/api/"):
		return maxAPIBody
	case p == acsPath:
		return maxACSBody
	}
	return maxBody
}

// recorder notes the status written; it passes Flush through for the
// API's event streams and unwraps for http.ResponseController.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Flush() {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	http.NewResponseController(r.ResponseWriter).Flush() //nolint:errcheck // nothing to do about it
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) code() int {
	if !r.wrote {
		return http.StatusOK
	}
	return r.status
}
