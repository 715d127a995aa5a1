package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/qbiz/qbiz/internal/gateway/ui"
)

// statusClientClosed is logged (never sent) when the client went away.
const statusClientClosed = 499

// webError is a failure with the status and message a person sees; its
// cause is logged, never shown.
type webError struct {
	status int
	msg    string
	cause  error
}

func (e *webError) Error() string {
	if e.cause == nil {
		return e.msg
	}
	return fmt.Sprintf("%s: %v", e.msg, e.cause)
}

func (e *webError) Unwrap() error { return e.cause }

func fail(status int, msg string, cause error) error {
	return &webError{status: status, msg: msg, cause: cause}
}

// handlerFunc is a handler that returns its failure for one renderer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// serve renders h's error once: JSON for the API and logout, an error
// page otherwise. Its cause goes to the log with the request id.
func (s *Server) serve(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	we := asWebError(r.Context(), err)
	level := slog.LevelWarn
	if we.status >= 500 {
		level = slog.LevelError
	}
	if we.status == statusClientClosed {
		s.log.DebugContext(r.Context(), "client went away", "path", r.URL.Path)
		return
	}
	s.log.Log(r.Context(), level, "request refused", "path", r.URL.Path, "status", we.status, "reason", we.msg, "err", we.cause)
	if wantsJSON(r) {
		writeJSON(w, we.status, map[string]string{"message": we.msg})
		return
	}
	_ = ui.Render(w, we.status, "error", ui.Page{Nonce: Nonce(r.Context()), Error: we.msg, IdPs: s.chooser("/")})
}

// asWebError classifies err: a webError as it is, a cancelled request as
// the client's doing, anything else as an internal error.
func asWebError(ctx context.Context, err error) *webError {
	var we *webError
	switch {
	case errors.As(err, &we):
		if ctx.Err() != nil && we.status >= 500 {
			return &webError{status: statusClientClosed, msg: we.msg, cause: err}
		}
		return we
	case ctx.Err() != nil:
		return &webError{status: statusClientClosed, msg: "request cancelled", cause: err}
	default:
		return &webError{status: http.StatusInternalServerError, msg: "something went wrong; try again", cause: err}
	}
}

func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == logoutPath
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
