package awscreds

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// STS-06, the failures the sandbox cannot produce on demand: an
// ExpiredTokenException when the token ran out between verification and
// the exchange, and a 5xx without an error code. Each fails closed with
// its sentinel, after one unsigned call. (5xx with a code, throttling and
// timeouts against the sandbox: TestSTS06FailuresFailClosed.)
func TestSTS06ExpiredTokenAnd5xxFailClosed(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"ExpiredTokenException", apiError("ExpiredTokenException", "Token expired: current date/time 2 must be before the expiration date/time 1"), ErrExpiredToken},
		{"HTTP 503 without a code", statusError(503), ErrServiceUnavailable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakeSTS{exp: time.Now().Add(time.Hour), err: tc.err}
			creds := Cache(NewWebIdentityProvider(fake, testRole, &staticTokens{raw: "tok", id: alice}), time.Minute)
			if _, err := creds.Retrieve(context.Background()); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if len(fake.signers) != 1 {
				t.Fatalf("%d STS calls, want 1", len(fake.signers))
			}
			if _, ok := fake.signers[0].(aws.AnonymousCredentials); !ok {
				t.Errorf("the failing exchange would be signed with %T", fake.signers[0])
			}
		})
	}
}
