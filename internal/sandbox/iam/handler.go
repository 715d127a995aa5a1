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

type handler struct {
	store *Store
	log   *slog.Logger
	ops   map[string]opFunc
}

// NewHandler serves the IAM awsQuery API from store.
func NewHandler(store *Store, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &handler{store: store, log: logger, ops: operations()}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	action, result, werr := h.serve(r)
	if werr != nil {
		h.log.Debug("iam request failed", "action", action, "code", werr.Code, "status", werr.Status)
		wire.WriteQueryError(w, r, wire.IAMNamespace, werr)
		return
	}
	wire.WriteQueryResult(w, r, wire.IAMNamespace, action, result)
}

func (h *handler) serve(r *http.Request) (string, any, *wire.Error) {
	q, o, werr := wire.ReadQuery(r, h.ops, Version)
	if werr != nil {
		return q.Action, nil, werr
	}
	action := q.Action
	c := &call{form: q.Form}
	resource, run := o(h.store, c)
	if c.err != nil {
		return action, nil, c.err
	}
	v := awsauth.FromContext(r.Context())
	if v == nil {
		return action, nil, wire.Errorf(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
	}
	if !h.store.Authorize(v.Principal, "iam:"+action, resource, nil) {
		return action, nil, accessDenied(v.Principal.ARN, action, resource)
	}
	result, werr := run()
	return action, result, werr
}
