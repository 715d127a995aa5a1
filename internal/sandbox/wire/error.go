package wire

import "fmt"

// Error is an AWS service error: an HTTP status, the wire error code and a
// message. Extra holds additional members of the error shape (restJson1 and
// awsJson1_1 only), such as resourceId or reason.
type Error struct {
	Status  int
	Code    string
	Message string
	Extra   map[string]any
}

func (e *Error) Error() string { return fmt.Sprintf("%s (%d): %s", e.Code, e.Status, e.Message) }

// Errorf builds an *Error.
func Errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// With returns a copy of e with an extra member set.
func (e *Error) With(key string, value any) *Error {
	c := *e
	c.Extra = map[string]any{}
	for k, v := range e.Extra {
		c.Extra[k] = v
	}
	c.Extra[key] = value
	return &c
}
