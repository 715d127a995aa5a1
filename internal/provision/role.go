package provision

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// role is an IAM role with one inline policy named after it; its trust and
// permissions are computed from identifiers found earlier in the walk.
type role struct {
	s                  *stack
	name               string
	needs              []string
	trust, permissions func() string
	arn                *string
}

func (r *role) Type() string        { return "AWS::IAM::Role" }
func (r *role) Name() string        { return r.name }
func (r *role) DependsOn() []string { return r.needs }
func (r *role) policyName() string  { return r.name + "-policy" }

func (r *role) Lookup(ctx context.Context) (Found, error) {
	*r.arn = ""
	got, err := r.s.c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r.name)})
	var nse *iamtypes.NoSuchEntityException
	if errors.As(err, &nse) {
		return Found{}, nil
	}
	if err != nil {
		return Found{}, err
	}
	if !r.s.tagged(iamTags(got.Role.Tags)) {
		return Found{}, notOurs("role", r.name, r.s.prefix)
	}
	*r.arn = aws.ToString(got.Role.Arn)
	f := Found{Exists: true, Managed: true, ARN: *r.arn}
	f.Drift, err = r.drift(ctx, aws.ToString(got.Role.AssumeRolePolicyDocument))
	return f, err
}

func (r *role) drift(ctx context.Context, trust string) (string, error) {
	if !samePolicy(trust, r.trust()) {
		return "trust policy differs", nil
	}
	pol, err := r.s.c.IAM.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(r.name), PolicyName: aws.String(r.policyName())})
	var nse *iamtypes.NoSuchEntityException
	if errors.As(err, &nse) {
		return "permission policy missing", nil
	}
	if err != nil {
		return "", err
	}
	if !samePolicy(aws.ToString(pol.PolicyDocument), r.permissions()) {
		return "permission policy differs", nil
	}
	return "", nil
}

func (r *role) Create(ctx context.Context) error {
	_, err := r.s.c.IAM.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(r.name),
		AssumeRolePolicyDocument: aws.String(r.trust()), Tags: r.s.iamTags(),
		Description: aws.String("Q Business " + r.s.prefix + ", managed by qbiz")})
	if err != nil {
		return err
	}
	return r.putPolicy(ctx)
}

func (r *role) Update(ctx context.Context) error {
	if _, err := r.s.c.IAM.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(r.name),
		PolicyDocument: aws.String(r.trust())}); err != nil {
		return err
	}
	return r.putPolicy(ctx)
}

func (r *role) putPolicy(ctx context.Context) error {
	_, err := r.s.c.IAM.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(r.name),
		PolicyName: aws.String(r.policyName()), PolicyDocument: aws.String(r.permissions())})
	return err
}

// Delete removes the role's inline and attached policies, then the role.
func (r *role) Delete(ctx context.Context) error {
	name := aws.String(r.name)
	inline := iam.NewListRolePoliciesPaginator(r.s.c.IAM, &iam.ListRolePoliciesInput{RoleName: name})
	for inline.HasMorePages() {
		page, err := inline.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, p := range page.PolicyNames {
			if _, err := r.s.c.IAM.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: name, PolicyName: aws.String(p)}); err != nil {
				return err
			}
		}
	}
	attached := iam.NewListAttachedRolePoliciesPaginator(r.s.c.IAM, &iam.ListAttachedRolePoliciesInput{RoleName: name})
	for attached.HasMorePages() {
		page, err := attached.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, p := range page.AttachedPolicies {
			if _, err := r.s.c.IAM.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: name, PolicyArn: p.PolicyArn}); err != nil {
				return err
			}
		}
	}
	_, err := r.s.c.IAM.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name})
	return err
}
