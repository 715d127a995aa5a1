package wire

import (
	"net/http"
	"net/url"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// QueryRequest is an awsQuery request: its form and the Action it names.
type QueryRequest struct {
	Action string
	Form   url.Values
}

// ReadQuery reads an awsQuery request and finds its Action in ops, the
// service's operation table, and names it in the request's ledger entry.
// It refuses a body above MaxBody (ValidationError), a malformed form
// (MalformedQueryString), a missing Action
// (MissingAction), and an Action ops lacks or a Version other than version
// (InvalidAction). The returned request names the Action whenever the form
// has one.
func ReadQuery[F any](r *http.Request, ops map[string]F, version string) (QueryRequest, F, *Error) {
	var none F
	body, err := ReadBody(r.Body, MaxBody)
	if err != nil {
		return QueryRequest{}, none, Errorf(400, "ValidationError", "Request body too large")
	}
	form, err := ParseForm(body)
	if err != nil {
		return QueryRequest{}, none, AsError(err, "InternalFailure")
	}
	q := QueryRequest{Action: form.Get("Action"), Form: form}
	ledger.SetOperation(r.Context(), q.Action)
	if q.Action == "" {
		return q, none, Errorf(400, "MissingAction", "Missing Action")
	}
	fn, ok := ops[q.Action]
	if !ok || form.Get("Version") != version {
		return q, none, Errorf(400, "InvalidAction", "Could not find operation %s for version %s", q.Action, form.Get("Version"))
	}
	return q, fn, nil
}
