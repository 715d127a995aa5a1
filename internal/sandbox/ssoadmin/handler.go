package ssoadmin

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const targetPrefix = "SWBExternalService."

// Authorizer decides whether an IAM principal may perform an action on a
// resource (the sandbox's IAM policy evaluation).
type Authorizer interface {
	Authorize(p awsauth.Principal, action, resource string, cond map[string][]string) bool
}

// HandlerOptions configures the sso-admin handler.
type HandlerOptions struct {
	// Authorizer admits non-admin principals; nil means only IAM users.
	Authorizer Authorizer
	Logger     *slog.Logger
	Now        func() time.Time
}

type handler struct {
	s    *Store
	opts HandlerOptions
	ops  map[string]opFunc
}

// call is one request being served.
type call struct {
	ctx       context.Context
	principal awsauth.Principal
	body      []byte
	op        string
	h         *handler
}

type opFunc func(c *call) (any, error)

// NewHandler serves the sso-admin API for s.
func NewHandler(s *Store, opts HandlerOptions) http.Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &handler{s: s, opts: opts, ops: operations()}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, fn, werr := h.route(r)
	if werr != nil {
		h.fail(w, r, werr)
		return
	}
	ledger.SetOperation(r.Context(), name)
	v := awsauth.FromContext(r.Context())
	if v == nil {
		h.fail(w, r, wire.Errorf(403, "MissingAuthenticationTokenException", "Missing Authentication Token"))
		return
	}
	body, err := wire.ReadBody(r.Body, wire.MaxBody)
	if err != nil {
		h.fail(w, r, errValidation("Request body exceeds the maximum size of %d bytes", wire.MaxBody))
		return
	}
	out, err := fn(&call{ctx: r.Context(), principal: v.Principal, body: body, op: name, h: h})
	if err != nil {
		h.fail(w, r, wire.AsError(err, "InternalServerException"))
		return
	}
	wire.WriteJSON(w, r, wire.ContentTypeAWSJSON11, 200, out)
}

func (h *handler) route(r *http.Request) (string, opFunc, *wire.Error) {
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		return "", nil, wire.Errorf(404, "UnknownOperationException", "")
	}
	name, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	fn, known := h.ops[name]
	if !ok || !known {
		return "", nil, wire.Errorf(400, "UnknownOperationException", "")
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, wire.ContentTypeAWSJSON11) {
		return "", nil, wire.Errorf(400, "SerializationException", "Unsupported Content-Type: %s", ct)
	}
	return name, fn, nil
}

func (h *handler) fail(w http.ResponseWriter, r *http.Request, e *wire.Error) {
	if e.Status >= 500 {
		h.opts.Logger.Error("sso-admin request failed", "code", e.Code, "error", e.Message)
		e = wire.Errorf(500, "InternalServerException", "An internal error occurred. Please try again.")
	}
	wire.WriteJSONError(w, r, wire.ContentTypeAWSJSON11, e)
}

// decode reads the request body into v.
func (c *call) decode(v any) error {
	return wire.DecodeJSON(c.body, v, "SerializationException")
}

// authorize admits IAM users (the sandbox administrator) and principals the
// Authorizer allows "sso:<Op>" on resource.
func (c *call) authorize(resource string) error {
	p := c.principal
	if p.Kind == "user" {
		return nil
	}
	action := "sso:" + c.op
	if a := c.h.opts.Authorizer; a != nil && a.Authorize(p, action, resource, nil) {
		return nil
	}
	return errAccessDenied("User: %s is not authorized to perform: %s on resource: %s", p.ARN, action, resource)
}

func (c *call) now() time.Time { return c.h.opts.Now().UTC() }

// empty is the {} output of operations without members.
type empty struct{}
