package demo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/sandbox"
)

func (w *world) samlSignIn(ctx context.Context, app sandbox.Application, user string) (aws.CredentialsProvider, string, error) {
	return nil, "", fmt.Errorf("SAML sign-in is not available yet")
}
