package sts

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/iam"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Version is the STS API version.
const Version = "2011-06-15"

// IAM is what STS needs of the IAM store.
type IAM interface {
	Role(arnOrName string) (iam.Role, bool)
	OIDCProviderByURL(url string) (iam.OIDCProvider, bool)
	SAMLProvider(arn string) (iam.SAMLProvider, bool)
	Authorize(p awsauth.Principal, action, resource string, conditionKeys map[string][]string) bool
	EvaluateTrust(role iam.Role, req iam.TrustRequest) bool
}

// Options configure the STS handler.
type Options struct {
	Account   string
	Region    string
	Authority *awsauth.Authority
	IAM       IAM
	// HTTPClient fetches OIDC discovery documents and JWKS from token issuers.
	HTTPClient *http.Client
	// Lifetime caps the lifetime of minted credentials (fault injection); may be nil.
	Lifetime func(time.Duration) time.Duration
	Now      func() time.Time
	Logger   *slog.Logger
}

type handler struct {
	opt  Options
	keys *keyCache
	// ctx is the request being served, set on the copy each request is
	// served by (see serving), so mint can name the session it issues in
	// the request's ledger entry.
	ctx context.Context
}

// New returns the STS awsQuery handler.
func New(opt Options) http.Handler {
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	h := &handler{opt: opt, keys: newKeyCache(opt.HTTPClient, opt.Now)}
	return &wire.QueryHandler[opFunc]{Namespace: wire.STSNamespace, Version: Version, Ops: operations(), Serve: h.serve,
		Refused: func(action string, e *wire.Error) {
			opt.Logger.Info("sts request refused", "action", action, "code", e.Code, "status", e.Status)
		}}
}

// opFunc serves one STS operation.
type opFunc func(h *handler, r *http.Request, c *call) (any, *wire.Error)

// Anonymous reports the operations STS serves without a signature.
func Anonymous(r *http.Request, body []byte) bool {
	form, err := wire.ParseForm(body)
	if err != nil {
		return false
	}
	switch form.Get("Action") {
	case "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML":
		return true
	}
	return false
}

// serve performs one operation once its parameters are accepted.
func (h *handler) serve(r *http.Request, q wire.QueryRequest, op opFunc) (any, *wire.Error) {
	c := &call{form: q.Form, action: q.Action}
	if werr := c.checkParams(); werr != nil {
		return nil, werr
	}
	return op(h.serving(r.Context()), r, c)
}

// serving is the handler as the request with context ctx sees it.
func (h *handler) serving(ctx context.Context) *handler {
	c := *h
	c.ctx = ctx
	return &c
}
