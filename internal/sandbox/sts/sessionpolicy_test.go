package sts_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
)

// A session policy narrows the session to the intersection with the
// role's policies: it can take permissions away, never add them.
func TestSessionPolicyIntersection(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	role := f.createRole(t, "scoped", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+acct+`:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`, 3600)
	_, err := f.iam.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("scoped"), PolicyName: aws.String("p"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetRole","iam:ListRoles"],"Resource":"*"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	allow := func(actions string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":` + actions + `,"Resource":"*"}]}`
	}
	cases := []struct {
		name, policy      string
		getRole, listRole bool
	}{
		{"no session policy", "", true, true},
		{"narrowed to GetRole", allow(`"iam:GetRole"`), true, false},
		{"wider than the role", allow(`"iam:*"`), true, true},
		{"explicit deny", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:ListRoles","Resource":"*"}]}`, true, false},
		{"nothing in common", allow(`"iam:CreateRole"`), false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := &sts.AssumeRoleInput{RoleArn: &role, RoleSessionName: aws.String("tool")}
			if tc.policy != "" {
				in.Policy = aws.String(tc.policy)
			}
			out, err := f.sts.AssumeRole(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if (out.PackedPolicySize != nil) != (tc.policy != "") {
				t.Errorf("PackedPolicySize %v with policy %q", out.PackedPolicySize, tc.policy)
			}
			c := out.Credentials
			as := iam.NewFromConfig(f.h.Config(credsOf(c)), func(o *iam.Options) { o.BaseEndpoint = aws.String(f.h.URL + "/iam/") })
			_, err = as.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("scoped")})
			if (err == nil) != tc.getRole {
				t.Errorf("GetRole: %v, want allowed=%v", err, tc.getRole)
			}
			_, err = as.ListRoles(ctx, &iam.ListRolesInput{})
			if (err == nil) != tc.listRole {
				t.Errorf("ListRoles: %v, want allowed=%v", err, tc.listRole)
			}
		})
	}
}

// The Policy parameter is checked as STS checks it.
func TestSessionPolicyValidation(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	role := f.createRole(t, "scoped", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+acct+`:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`, 3600)
	ok := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"*"}]}`
	long := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"*","Sid":"` + strings.Repeat("a", 2048) + `"}]}`
	var bigTags []types.Tag
	for i := range 50 {
		bigTags = append(bigTags, types.Tag{Key: aws.String(strings.Repeat("k", 120) + string(rune('A'+i%26)) + string(rune('a'+i/26))), Value: aws.String(strings.Repeat("v", 256))})
	}
	cases := []struct {
		name   string
		policy string
		tags   []types.Tag
		code   string
		msg    string
	}{
		{"valid", ok, nil, "", ""},
		{"not json", `{"Version":`, nil, "MalformedPolicyDocument", ""},
		{"no resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole"}]}`, nil, "MalformedPolicyDocument", "Policy statement must contain resources."},
		{"too long", long, nil, "ValidationError", ""},
		{"outside the character set", strings.Replace(ok, "iam:GetRole", "iam:GetRole\u0101", 1), nil, "ValidationError", ""},
		{"packed size", ok, bigTags, "PackedPolicyTooLarge", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.sts.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: &role, RoleSessionName: aws.String("tool"),
				Policy: aws.String(tc.policy), Tags: tc.tags})
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantAPIError(t, err, tc.code, tc.msg)
		})
	}
}

func credsOf(c *types.Credentials) awsauth.Credentials {
	return awsauth.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken}
}
