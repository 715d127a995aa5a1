package api

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/identity"
)

// User is the signed-in person a request is served as.
type User struct {
	Identity      identity.Identity // (Issuer, Subject) + Email/Name for /api/me
	Owner         string            // session.Owner(Identity): the ownership key
	IdP           string
	Mode          identity.Mode
	Expires       time.Time               // the session's end, for /api/me and the UI banner
	ApplicationID string                  // the Q Business application of the user's IdP
	Credentials   aws.CredentialsProvider // this user's own provider; never shared
}

type userKey struct{}

// WithUser returns a context carrying u for the API's handlers.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the user WithUser put in ctx.
func UserFrom(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(userKey{}).(*User)
	return u, ok && u != nil
}

// usable reports whether u can be served: it names a user, an owner key,
// an application and its own credentials (never the gateway's).
func (u *User) usable() bool {
	return !u.Identity.IsZero() && u.Owner != "" && u.ApplicationID != "" && u.Credentials != nil
}
