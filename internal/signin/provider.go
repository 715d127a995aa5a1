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

type pinned struct {
	s  *Session
	id identity.Identity
}

func (p pinned) Retrieve(ctx context.Context) (aws.Credentials, error) {
	e, err := p.s.Fresh(ctx)
	if err == nil {
		err = e.CheckIdentity(p.id)
	}
	if err != nil {
		return aws.Credentials{}, err
	}
	return AWSCredentials(e.AWS), nil
}
