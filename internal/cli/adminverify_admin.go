package cli

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	smithylog "github.com/aws/smithy-go/logging"

	"github.com/qbiz/qbiz/internal/provision/diagnose"
)

// adminReader reads, with the administrator's credentials (--aws-profile,
// else the SDK's default chain) at the profile's region and endpoint, what
// explains a failing hop. It loads them only when a hop needs them.
type adminReader struct {
	v   *verifier
	cfg *aws.Config
}

func (r *adminReader) config(ctx context.Context) (aws.Config, error) {
	if r.cfg != nil {
		return *r.cfg, nil
	}
	if r.v.adminOnlyByFlag && r.v.f.awsProfile == "" {
		return aws.Config{}, errNoAdminCredentials
	}
	opts, err := r.v.a.sharedFileOptions()
	if err != nil {
		return aws.Config{}, err
	}
	opts = append(opts, awsconfig.WithRegion(r.v.p.Region), awsconfig.WithLogger(smithylog.Nop{}))
	if r.v.f.awsProfile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(r.v.f.awsProfile))
	}
	cfg, err := r.v.a.loadAWSConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, err
	}
	if cfg.Credentials == nil {
		return aws.Config{}, errNoAdminCredentials
	}
	if r.v.p.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(r.v.p.EndpointURL)
	}
	r.cfg = &cfg
	return cfg, nil
}

// trustPolicy is the trust policy of roleARN (iam:GetRole).
func (r *adminReader) trustPolicy(ctx context.Context, roleARN string) (string, error) {
	cfg, err := r.config(ctx)
	if err != nil {
		return "", err
	}
	return trustPolicyOf(ctx, iam.NewFromConfig(cfg), roleARN)
}

// roleGetter is the IAM call trustPolicyOf makes.
type roleGetter interface {
	GetRole(ctx context.Context, in *iam.GetRoleInput, optFns ...func(*iam.Options)) (*iam.GetRoleOutput, error)
}

// trustPolicyOf reads the trust policy of roleARN with c.
func trustPolicyOf(ctx context.Context, c roleGetter, roleARN string) (string, error) {
	out, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(roleName(roleARN))})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Role.AssumeRolePolicyDocument), nil
}

// clientIDs are the client ids of the IAM OIDC provider arn.
func (r *adminReader) clientIDs(ctx context.Context, arn string) ([]string, error) {
	cfg, err := r.config(ctx)
	if err != nil {
		return nil, err
	}
	out, err := iam.NewFromConfig(cfg).GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	return out.ClientIDList, nil
}

// providerFor is the ARN of the IAM OIDC provider whose URL is issuer
// ("" when there is none).
func (r *adminReader) providerFor(ctx context.Context, issuer string) (string, error) {
	cfg, err := r.config(ctx)
	if err != nil {
		return "", err
	}
	c := iam.NewFromConfig(cfg)
	list, err := c.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		return "", err
	}
	for _, e := range list.OpenIDConnectProviderList {
		got, err := c.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: e.Arn})
		if err == nil && diagnose.IssuerKey(aws.ToString(got.Url)) == diagnose.IssuerKey(issuer) {
			return aws.ToString(e.Arn), nil
		}
	}
	return "", nil
}

// identityType is the identity type of application id.
func (r *adminReader) identityType(ctx context.Context, id string) (string, error) {
	cfg, err := r.config(ctx)
	if err != nil {
		return "", err
	}
	return identityTypeOf(ctx, qbusiness.NewFromConfig(cfg), id)
}

// assignmentRequired reads the Identity Center application's assignment
// configuration.
func (r *adminReader) assignmentRequired(ctx context.Context, appARN string) (bool, error) {
	cfg, err := r.config(ctx)
	if err != nil {
		return false, err
	}
	out, err := ssoadmin.NewFromConfig(cfg).GetApplicationAssignmentConfiguration(ctx,
		&ssoadmin.GetApplicationAssignmentConfigurationInput{ApplicationArn: aws.String(appARN)})
	if err != nil {
		return false, err
	}
	return aws.ToBool(out.AssignmentRequired), nil
}

// applicationGetter is the Q Business call identityTypeOf makes.
type applicationGetter interface {
	GetApplication(ctx context.Context, in *qbusiness.GetApplicationInput, optFns ...func(*qbusiness.Options)) (*qbusiness.GetApplicationOutput, error)
}

func identityTypeOf(ctx context.Context, q applicationGetter, id string, optFns ...func(*qbusiness.Options)) (string, error) {
	out, err := q.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: aws.String(id)}, optFns...)
	if err != nil {
		return "", err
	}
	return string(out.IdentityType), nil
}

// roleName is the name of a role ARN (its last path segment).
func roleName(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}

func isNoSuchEntity(err error) bool {
	var nse *iamtypes.NoSuchEntityException
	return errors.As(err, &nse)
}
