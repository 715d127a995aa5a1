package qchat

import (
	"errors"
	"fmt"
	"net"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// ErrUnreachable means no connection could be made to the endpoint
// (refused, no such host, no route, dial timeout): nothing was sent.
var ErrUnreachable = errors.New("cannot reach")

// unreachableError names the endpoint and why it could not be reached,
// and keeps the SDK's error underneath.
type unreachableError struct {
	endpoint string
	reason   error
	cause    error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("%s %s (%v)", ErrUnreachable, e.endpoint, e.reason)
}

func (e *unreachableError) Unwrap() []error { return []error{ErrUnreachable, e.cause} }

// unreachable classifies err when it is a failure to connect, else
// returns nil.
func unreachable(err error) error {
	op, ok := dialError(err)
	if !ok {
		return nil
	}
	endpoint := "the Q Business endpoint"
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			endpoint = u.Scheme + "://" + u.Host
		}
	}
	return &unreachableError{endpoint: endpoint, reason: op.Err, cause: err}
}

func dialError(err error) (*net.OpError, bool) {
	var op *net.OpError
	return op, errors.As(err, &op) && op.Op == "dial"
}

// noRetryWhenUnreachable keeps the SDK from retrying a connection that
// could not be made: a refused port or an unknown host does not heal in
// the seconds a retry waits, and the person would sit through them all.
func noRetryWhenUnreachable(err error) aws.Ternary {
	if _, ok := dialError(err); ok {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}
