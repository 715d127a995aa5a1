package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// maxBody bounds a request body: a message of 7000 characters, each
// escaped as \uXXXX, fits.
const maxBody = 64 << 10

// decode reads exactly one JSON object into v, refusing unknown fields.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("The request body must be one JSON object and nothing after it.")
	}
	return nil
}

func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return &failure{status: http.StatusRequestEntityTooLarge, kind: "too_large", msg: "The request body is too large."}
	case errors.Is(err, io.EOF):
		return badRequest("The request body is empty; send a JSON object.")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("The request body is not valid JSON.")
	case errors.As(err, &typ):
		return badRequest("The field %q has the wrong type.", typ.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return badRequest("The request has an unknown field %s.", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return badRequest("The request body is not a JSON object of this route.")
}

// validID reports whether s has the shape of a Q Business conversation or
// message id (36 characters: a letter or digit, then letters, digits and
// dashes).
func validID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '-') {
			return false
		}
	}
	return true
}
