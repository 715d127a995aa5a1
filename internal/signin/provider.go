package signin

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
)

// Credentials is the user's cached credentials provider: it serves the
// stored credentials, renewing them as Fresh does, for user id only (a
// stored sign-in of another identity is refused with
// identity.ErrIdentityChanged).
func (s *Session) Credentials(id identity.Identity) aws.CredentialsProvider {
	return awscreds.Cache(pinned{s: s, id: id}, RefreshMargin)
}

// Provider is the user's credentials narrowed by sc, without a cache of
// its own: each Retrieve asks Scoped (Fresh for the zero scope), which
// answers from the store and renews there. Like Credentials it serves
// user id only.
func (s *Session) Provider(id identity.Identity, sc awscreds.Scope) aws.CredentialsProvider {
	return pinned{s: s, id: id, sc: sc}
}

type pinned struct {
	s  *Session
	id identity.Identity
	sc awscreds.Scope
}

func (p pinned) Retrieve(ctx context.Context) (aws.Credentials, error) {
	e, err := p.s.Scoped(ctx, p.sc)
	if err == nil {
		err = e.CheckIdentity(p.id)
	}
	if err != nil {
		return aws.Credentials{}, err
	}
	return AWSCredentials(e.AWS), nil
}
