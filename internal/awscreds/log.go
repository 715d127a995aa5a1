package awscreds

import (
	"context"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/identity"
)

// logIssued records an exchange: operation, role, the user's opaque key
// and the expiry. Never a key, token or assertion.
func logIssued(ctx context.Context, log *slog.Logger, op, role string, id identity.Identity, c aws.Credentials) {
	log.DebugContext(ctx, "aws credentials issued", "operation", op, "role", role,
		"user", id.Key(), "expires", c.Expires)
}
