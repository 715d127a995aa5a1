package awscreds

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/qbiz/qbiz/internal/identity"
)

var (
	alice = identity.Identity{Issuer: "https://idp.example", Subject: "alice-sub", Email: "alice@example.com"}
	bob   = identity.Identity{Issuer: "https://idp.example", Subject: "bob-sub", Email: "bob@example.com"}
)

const testRole = "arn:aws:iam::123456789012:role/qbiz-user"

// staticTokens is a TokenSource and AssertionSource returning fixed values.
type staticTokens struct {
	mu  sync.Mutex
	raw string
	id  identity.Identity
	err error
}

func (s *staticTokens) IDToken(context.Context) (string, identity.Identity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw, s.id, s.err
}

func (s *staticTokens) SAMLAssertion(ctx context.Context) (string, identity.Identity, error) {
	return s.IDToken(ctx)
}

func (s *staticTokens) set(raw string, id identity.Identity) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.raw, s.id = raw, id
}

func stsCredentials(exp time.Time) *types.Credentials {
	return &types.Credentials{AccessKeyId: aws.String("ASIAEXAMPLE"), SecretAccessKey: aws.String("secret-canary"),
		SessionToken: aws.String("session-canary"), Expiration: aws.Time(exp)}
}

func assumedUser() *types.AssumedRoleUser {
	return &types.AssumedRoleUser{Arn: aws.String("arn:aws:sts::123456789012:assumed-role/qbiz-user/alice"), AssumedRoleId: aws.String("AROA:alice")}
}

// applyOptions runs the per-call option functions over options that carry
// an ambient key, and returns the credentials the call would sign with.
func applyOptions(fns []func(*sts.Options)) aws.CredentialsProvider {
	o := sts.Options{Credentials: aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIAAMBIENT", SecretAccessKey: "ambient"}, nil
	}))}
	for _, fn := range fns {
		fn(&o)
	}
	return o.Credentials
}

// fakeSTS answers the three STS operations and records the inputs.
type fakeSTS struct {
	mu      sync.Mutex
	exp     time.Time
	err     error
	web     []*sts.AssumeRoleWithWebIdentityInput
	saml    []*sts.AssumeRoleWithSAMLInput
	assume  []*sts.AssumeRoleInput
	signers []aws.CredentialsProvider
}

func (f *fakeSTS) AssumeRoleWithWebIdentity(_ context.Context, in *sts.AssumeRoleWithWebIdentityInput, fns ...func(*sts.Options)) (*sts.AssumeRoleWithWebIdentityOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.web = append(f.web, in)
	f.signers = append(f.signers, applyOptions(fns))
	if f.err != nil {
		return nil, f.err
	}
	return &sts.AssumeRoleWithWebIdentityOutput{Credentials: stsCredentials(f.exp), AssumedRoleUser: assumedUser()}, nil
}

func (f *fakeSTS) AssumeRoleWithSAML(_ context.Context, in *sts.AssumeRoleWithSAMLInput, fns ...func(*sts.Options)) (*sts.AssumeRoleWithSAMLOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.saml = append(f.saml, in)
	f.signers = append(f.signers, applyOptions(fns))
	if f.err != nil {
		return nil, f.err
	}
	return &sts.AssumeRoleWithSAMLOutput{Credentials: stsCredentials(f.exp), AssumedRoleUser: assumedUser()}, nil
}

func (f *fakeSTS) AssumeRole(_ context.Context, in *sts.AssumeRoleInput, fns ...func(*sts.Options)) (*sts.AssumeRoleOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.assume = append(f.assume, in)
	if f.err != nil {
		return nil, f.err
	}
	return &sts.AssumeRoleOutput{Credentials: stsCredentials(f.exp), AssumedRoleUser: assumedUser()}, nil
}

// incompleteSAML drops the session token from a SAML answer.
type incompleteSAML struct{ *fakeSTS }

func (f incompleteSAML) AssumeRoleWithSAML(ctx context.Context, in *sts.AssumeRoleWithSAMLInput, fns ...func(*sts.Options)) (*sts.AssumeRoleWithSAMLOutput, error) {
	out, err := f.fakeSTS.AssumeRoleWithSAML(ctx, in, fns...)
	if out != nil {
		out.Credentials.SessionToken = nil
	}
	return out, err
}
