package iam

import (
	"log/slog"
	"net/http"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Version is the IAM API version.
const Version = "2010-05-08"

// runner performs an operation once it is authorised.
type runner func() (any, *wire.Error)

// opFunc validates the input, names the resource to authorise and returns the runner.
type opFunc func(s *Store, c *call) (resource string, run runner)

type handler struct{ store *Store }

// NewHandler serves the IAM awsQuery API from store.
func NewHandler(store *Store, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	h := &handler{store: store}
	return &wire.QueryHandler[opFunc]{Namespace: wire.IAMNamespace, Version: Version, Ops: operations(), Serve: h.serve,
		Refused: func(action string, e *wire.Error) {
			logger.Debug("iam request failed", "action", action, "code", e.Code, "status", e.Status)
		}}
}

// serve performs one operation once its input is valid and its caller
// may call it on the resource it names.
func (h *handler) serve(r *http.Request, q wire.QueryRequest, op opFunc) (any, *wire.Error) {
	action := q.Action
	c := &call{form: q.Form}
	resource, run := op(h.store, c)
	if c.err != nil {
		return nil, c.err
	}
	v := awsauth.FromContext(r.Context())
	if v == nil {
		return nil, wire.Errorf(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
	}
	if !h.store.Authorize(v.Principal, "iam:"+action, resource, nil) {
		return nil, accessDenied(v.Principal.ARN, action, resource)
	}
	return run()
}
