package provision

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	stypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"
)

// IDCInput declares a Q Business application on IAM Identity Center,
// whose users sign in at an OIDC issuer trusted through trusted identity
// propagation.
type IDCInput struct {
	Prefix   string
	Issuer   string // empty for destroy
	ClientID string
	// InstanceARN is the Identity Center instance; empty: the account's only one.
	InstanceARN string
	Poll        Poll
}

// IDCScopes are the access scopes the Identity Center application grants.
var IDCScopes = []string{"qbusiness:conversations:access", "qbusiness:messages:access"}

// IDC declares the resources of an AWS_IAM_IDC application: a trusted token
// issuer for the IdP, a customer managed Identity Center application
// (assignment not required, the jwt-bearer and refresh grants, the IAM
// authentication method, the Q Business access scopes), the Q Business
// application with its index and retriever, and the role a client assumes
// with the identity context.
func IDC(c Clients, in IDCInput) (Stack, *Outputs) {
	s := &stack{prefix: in.Prefix, c: c, poll: in.Poll}
	s.out.InstanceARN = in.InstanceARN
	tti := &tokenIssuer{s: s, name: in.Prefix + "-token-issuer", issuer: in.Issuer}
	idcApp := &idcApplication{s: s, name: in.Prefix + "-idc-application", clientID: in.ClientID, configure: in.Issuer != "", issuer: tti.Name()}
	app := &application{s: s, name: in.Prefix, provider: tti.Name(), identity: qtypes.IdentityTypeAwsIamIdc}
	index := &index{s: s, name: in.Prefix + "-index", app: app.Name()}
	retriever := &retriever{s: s, name: in.Prefix + "-retriever", app: app.Name(), index: index.Name()}
	tip := &role{s: s, name: in.Prefix + "-idc-role", needs: []string{idcApp.Name(), app.Name()},
		trust:       func() string { return idcTrust(accountOf(s.out.ApplicationARN)) },
		permissions: func() string { return idcPermissions(s.out.ApplicationARN) },
		arn:         &s.out.IDCRoleARN}
	return Stack{Resources: []Resource{tti, idcApp, app, index, retriever, tip}, Progress: in.Poll.Progress}, &s.out
}

// instance resolves the Identity Center instance once.
func (s *stack) instance(ctx context.Context) (string, error) {
	if s.out.InstanceARN != "" {
		return s.out.InstanceARN, nil
	}
	var arns []string
	pages := ssoadmin.NewListInstancesPaginator(s.c.SSO, &ssoadmin.ListInstancesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return "", err
		}
		for _, i := range page.Instances {
			arns = append(arns, aws.ToString(i.InstanceArn))
		}
	}
	switch len(arns) {
	case 0:
		return "", errors.New("the account has no IAM Identity Center instance: enable Identity Center first")
	case 1:
		s.out.InstanceARN = arns[0]
		return arns[0], nil
	}
	return "", fmt.Errorf("the account has %d Identity Center instances: pass --idc-instance-arn", len(arns))
}

func (s *stack) ssoTags(ctx context.Context, arn string) (map[string]string, error) {
	inst, err := s.instance(ctx)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	pages := ssoadmin.NewListTagsForResourcePaginator(s.c.SSO, &ssoadmin.ListTagsForResourceInput{InstanceArn: aws.String(inst), ResourceArn: aws.String(arn)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range page.Tags {
			m[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return m, nil
}

func (s *stack) ssoTagList() []stypes.Tag {
	return []stypes.Tag{{Key: aws.String(TagKey), Value: aws.String(s.prefix)}}
}

// idcTrust lets principals of the account assume the role and set the
// identity context.
func idcTrust(account string) string {
	return policyDoc(stmt{"Effect": "Allow", "Principal": stmt{"AWS": "arn:aws:iam::" + account + ":root"},
		"Action": []string{"sts:AssumeRole", "sts:SetContext"}})
}

// idcPermissions are the conversation and search permissions of one application.
func idcPermissions(appARN string) string {
	return policyDoc(
		stmt{"Sid": "QBusinessConversationPermissions", "Effect": "Allow", "Action": []string{
			"qbusiness:Chat", "qbusiness:ChatSync", "qbusiness:ListMessages", "qbusiness:ListConversations",
			"qbusiness:PutFeedback", "qbusiness:DeleteConversation", "qbusiness:GetWebExperience",
			"qbusiness:GetApplication", "qbusiness:ListPlugins", "qbusiness:GetChatControlsConfiguration",
			"qbusiness:ListRetrievers", "qbusiness:SearchRelevantContent"}, "Resource": appARN},
	)
}
