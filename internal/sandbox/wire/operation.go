package wire

import (
	"net/http"
	"net/url"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// QueryHandler serves an awsQuery API (STS, IAM) from its operation table:
// it reads each request, finds its Action in Ops, has Serve perform it and
// writes the result, or the error document, in Namespace.
type QueryHandler[F any] struct {
	Namespace string
	Version   string       // the API version every request must name
	Ops       map[string]F // the operation table, by Action
	Serve     func(r *http.Request, q QueryRequest, op F) (any, *Error)
	Refused   func(action string, e *Error) // told of each error answer; may be nil
}

// QueryRequest is an awsQuery request: its form and the Action it names.
type QueryRequest struct {
	Action string
	Form   url.Values
}

func (h *QueryHandler[F]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q, op, werr := readQuery(r, h.Ops, h.Version)
	var result any
	if werr == nil {
		result, werr = h.Serve(r, q, op)
	}
	if werr != nil {
		if h.Refused != nil {
			h.Refused(q.Action, werr)
		}
		WriteQueryError(w, r, h.Namespace, werr)
		return
	}
	WriteQueryResult(w, r, h.Namespace, q.Action, result)
}

// readQuery reads an awsQuery request, finds its Action in ops and names it
// in the request's ledger entry. It refuses a body above MaxBody
// (ValidationError), a malformed form (MalformedQueryString), a missing
// Action (MissingAction), and an Action ops lacks or a Version other than
// version (InvalidAction). The returned request names the Action whenever
// the form has one.
func readQuery[F any](r *http.Request, ops map[string]F, version string) (QueryRequest, F, *Error) {
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
