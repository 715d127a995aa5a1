package awscreds

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/identity"
)

func TestWebIdentityProvider(t *testing.T) {
	exp := time.Now().Add(time.Hour).UTC()
	fake := &fakeSTS{exp: exp}
	tokens := &staticTokens{raw: "id-token", id: alice}
	p := NewWebIdentityProvider(fake, testRole, tokens, func(o *Options) { o.Duration = 10 * time.Minute })
	got, err := p.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := aws.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "secret-canary", SessionToken: "session-canary",
		Source: SourceWebIdentity, CanExpire: true, Expires: exp, AccountID: "123456789012"}
	if got != want {
		t.Errorf("Retrieve = %+v, want %+v", got, want)
	}
	in := fake.web[0]
	if aws.ToString(in.RoleArn) != testRole || aws.ToString(in.WebIdentityToken) != "id-token" ||
		aws.ToString(in.RoleSessionName) != "alice@example.com" || aws.ToInt32(in.DurationSeconds) != 900 {
		t.Errorf("input = role %q token %q name %q duration %d", aws.ToString(in.RoleArn), aws.ToString(in.WebIdentityToken),
			aws.ToString(in.RoleSessionName), aws.ToInt32(in.DurationSeconds))
	}
}

// STS-06: the federation call is unsigned whatever the client carries.
func TestFederationCallsAreUnsigned(t *testing.T) {
	fake := &fakeSTS{exp: time.Now().Add(time.Hour)}
	tokens := &staticTokens{raw: "tok", id: alice}
	for name, p := range map[string]aws.CredentialsProvider{
		"web identity": NewWebIdentityProvider(fake, testRole, tokens),
		"saml":         NewSAMLProvider(fake, testRole, "arn:aws:iam::123456789012:saml-provider/idp", tokens),
	} {
		if _, err := p.Retrieve(context.Background()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for i, signer := range fake.signers {
		if _, ok := signer.(aws.AnonymousCredentials); !ok {
			t.Errorf("call %d would be signed with %T", i, signer)
		}
	}
}

func TestWebIdentityProviderFailsClosed(t *testing.T) {
	tests := []struct {
		name   string
		tokens *staticTokens
		stsErr error
		want   error
		calls  int
	}{
		{"reauth required", &staticTokens{err: identity.ErrReauthRequired}, nil, identity.ErrReauthRequired, 0},
		{"no identity", &staticTokens{raw: "tok"}, nil, nil, 0},
		{"trust policy", &staticTokens{raw: "tok", id: alice}, apiError("AccessDenied", "Not authorized"), ErrAccessDenied, 1},
		{"tampered token", &staticTokens{raw: "tok", id: alice}, apiError("InvalidIdentityToken", "signature"), ErrInvalidIdentityToken, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeSTS{exp: time.Now().Add(time.Hour), err: tt.stsErr}
			_, err := NewWebIdentityProvider(fake, testRole, tt.tokens).Retrieve(context.Background())
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if len(fake.web) != tt.calls {
				t.Errorf("STS calls = %d, want %d", len(fake.web), tt.calls)
			}
		})
	}
}

func TestProviderRefusesAnotherUser(t *testing.T) {
	fake := &fakeSTS{exp: time.Now().Add(time.Hour)}
	tokens := &staticTokens{raw: "alice-token", id: alice}
	p := NewWebIdentityProvider(fake, testRole, tokens)
	if _, err := p.Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	tokens.set("bob-token", bob)
	_, err := p.Retrieve(context.Background())
	if !errors.Is(err, ErrUserMismatch) || !errors.Is(err, identity.ErrIdentityChanged) {
		t.Fatalf("err = %v, want ErrUserMismatch and ErrIdentityChanged", err)
	}
	if len(fake.web) != 1 {
		t.Errorf("bob's token reached STS")
	}
}

func TestIncompleteCredentialsRefused(t *testing.T) {
	fake := &fakeSTS{} // zero expiry is fine; make the answer incomplete instead
	p := NewSAMLProvider(incompleteSAML{fake}, testRole, "arn:aws:iam::123456789012:saml-provider/idp", &staticTokens{raw: "a", id: alice})
	if _, err := p.Retrieve(context.Background()); !errors.Is(err, ErrInvalidResponse) {
		t.Fatalf("err = %v, want ErrInvalidResponse", err)
	}
}

func TestSAMLProviderInput(t *testing.T) {
	fake := &fakeSTS{exp: time.Now().Add(time.Hour)}
	const principal = "arn:aws:iam::123456789012:saml-provider/idp"
	if _, err := NewSAMLProvider(fake, testRole, principal, &staticTokens{raw: "PHNhbWw+", id: alice}).Retrieve(context.Background()); err != nil {
		t.Fatal(err)
	}
	in := fake.saml[0]
	if aws.ToString(in.RoleArn) != testRole || aws.ToString(in.PrincipalArn) != principal || aws.ToString(in.SAMLAssertion) != "PHNhbWw+" || in.DurationSeconds != nil {
		t.Errorf("input = %+v", in)
	}
}
