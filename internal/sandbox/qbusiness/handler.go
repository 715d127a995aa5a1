package qbusiness

import (
	"net/http"
	"net/url"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// call is one admitted JSON request.
type call struct {
	r    *http.Request
	op   string
	v    *awsauth.Verified
	body []byte
	q    url.Values
}

func (c *call) label(name string) string { return c.r.PathValue(name) }

// decode parses the JSON body into v.
func (c *call) decode(v any) *wire.Error {
	if err := wire.DecodeJSON(c.body, v, codeValidation); err != nil {
		e := wire.AsError(err, codeInternal)
		return e.With("reason", reasonCannotParse)
	}
	return nil
}

// validated is a request body that checks itself.
type validated interface{ validate() *wire.Error }

// decodeValid parses the JSON body into in and validates it.
func (c *call) decodeValid(in validated) *wire.Error {
	if e := c.decode(in); e != nil {
		return e
	}
	return in.validate()
}

type opFunc func(*call) (any, *wire.Error)

// jsonOp wraps fn with the steps every JSON operation shares: ledger name,
// signed caller, bounded body, application id check and IAM authorization.
func (s *Service) jsonOp(op string, fn opFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, werr := s.admit(r, op)
		var out any
		if werr == nil {
			out, werr = fn(c)
		}
		if werr != nil {
			wire.WriteJSONError(w, r, wire.ContentTypeJSON, werr)
			return
		}
		if out == nil {
			out = struct{}{}
		}
		wire.WriteJSON(w, r, wire.ContentTypeJSON, http.StatusOK, out)
	}
}

// admit performs the shared checks and returns the call.
func (s *Service) admit(r *http.Request, op string) (*call, *wire.Error) {
	ledger.SetOperation(r.Context(), op)
	v := awsauth.FromContext(r.Context())
	if v == nil {
		return nil, wire.Errorf(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
	}
	c := &call{r: r, op: op, v: v, q: r.URL.Query()}
	if r.Body != nil && !(op == "Chat") {
		b, err := wire.ReadBody(r.Body, wire.MaxBody)
		if err != nil {
			return nil, invalid("Request body exceeds the maximum size of %d bytes", wire.MaxBody)
		}
		c.body = b
	}
	resource := "*"
	if app := r.PathValue("applicationId"); app != "" {
		if e := checkID("applicationId", app); e != nil {
			return nil, e
		}
		resource = s.appARN(app)
	} else if arn := r.PathValue("resourceARN"); arn != "" {
		resource = arn
	}
	return c, s.authorize(v.Principal, op, resource)
}

// authorize asks the Authorizer whether p may call op on resource.
func (s *Service) authorize(p awsauth.Principal, op, resource string) *wire.Error {
	if s.opts.Authorizer == nil || s.opts.Authorizer.Authorize(p, "qbusiness:"+op, resource, nil) {
		return nil
	}
	return accessDenied("User: %s is not authorized to perform: qbusiness:%s on resource: %s", p.ARN, op, resource)
}
