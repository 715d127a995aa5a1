package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// Content types of the JSON protocols.
const (
	ContentTypeAWSJSON11 = "application/x-amz-json-1.1"
	ContentTypeJSON      = "application/json"
)

// DecodeJSON decodes a JSON request body into v. An empty body decodes as {}.
// Syntax and type errors become a SerializationException-style *Error with
// the code the caller's protocol uses.
func DecodeJSON(body []byte, v any, code string) error {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Errorf(400, code, "Invalid type for field %s: expected %s", te.Field, te.Type)
		}
		return Errorf(400, code, "Could not parse request body: %s", err)
	}
	// Token, not More: More reports false before a stray '}' or ']'.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Errorf(400, code, "Could not parse request body: trailing data")
	}
	return nil
}

// WriteJSON writes v as a JSON response with the given content type.
func WriteJSON(w http.ResponseWriter, r *http.Request, contentType string, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		WriteJSONError(w, r, contentType, Errorf(500, "InternalServerException", "encode response: %v", err))
		return
	}
	SetCommonHeaders(w, r)
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// WriteJSONError writes a JSON-protocol error: the x-amzn-ErrorType header,
// `__type` and `message` in the body plus any extra members.
func WriteJSONError(w http.ResponseWriter, r *http.Request, contentType string, e *Error) {
	ledger.SetCode(r.Context(), e.Code)
	body := map[string]any{"__type": e.Code, "message": e.Message}
	for k, v := range e.Extra {
		body[k] = v
	}
	b, _ := json.Marshal(body)
	SetCommonHeaders(w, r)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("x-amzn-ErrorType", e.Code)
	w.WriteHeader(e.Status)
	_, _ = w.Write(b)
}

// AsError converts any error to an *Error, mapping unknown errors to a 500
// with the given code.
func AsError(err error, internalCode string) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Status: 500, Code: internalCode, Message: fmt.Sprintf("internal error: %v", err)}
}

// Epoch renders a time as the fractional epoch-seconds JSON number that
// awsJson1_1 and restJson1 use for timestamps.
func Epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
