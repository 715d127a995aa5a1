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

// ValidationError is the 400 ValidationError of the query protocol
// services (STS, IAM).
func ValidationError(format string, args ...any) *Error {
	return Errorf(400, "ValidationError", format, args...)
}

// Constraint is AWS's "1 validation error detected" message for member,
// naming the value (null when empty) and the rule it broke.
func Constraint(value, member, rule string) *Error {
	if value == "" {
		return ValidationError("1 validation error detected: Value null at '%s' failed to satisfy constraint: %s", member, rule)
	}
	return ValidationError("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", value, member, rule)
}
