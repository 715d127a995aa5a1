package provision

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	stypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"
)

// tokenIssuer is the Identity Center trusted token issuer for the IdP,
// mapping its email claim to the directory's emails.value.
type tokenIssuer struct {
	s            *stack
	name, issuer string
}

func (t *tokenIssuer) Type() string        { return "AWS::SSO::TrustedTokenIssuer" }
func (t *tokenIssuer) Name() string        { return t.name }
func (t *tokenIssuer) DependsOn() []string { return nil }

func (t *tokenIssuer) Lookup(ctx context.Context) (Found, error) {
	t.s.out.TokenIssuerARN = ""
	inst, err := t.s.instance(ctx)
	if err != nil {
		return Found{}, err
	}
	pages := ssoadmin.NewListTrustedTokenIssuersPaginator(t.s.c.SSO, &ssoadmin.ListTrustedTokenIssuersInput{InstanceArn: aws.String(inst)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return Found{}, err
		}
		for _, e := range page.TrustedTokenIssuers {
			if aws.ToString(e.Name) != t.name {
				continue
			}
			arn := aws.ToString(e.TrustedTokenIssuerArn)
			tags, err := t.s.ssoTags(ctx, arn)
			if err != nil {
				return Found{}, err
			}
			if !t.s.tagged(tags) {
				return Found{}, notOurs("trusted token issuer", t.name, t.s.prefix)
			}
			t.s.out.TokenIssuerARN = arn
			return Found{Exists: true, Managed: true, ARN: arn}, nil
		}
	}
	return Found{}, nil
}

func (t *tokenIssuer) Create(ctx context.Context) error {
	out, err := t.s.c.SSO.CreateTrustedTokenIssuer(ctx, &ssoadmin.CreateTrustedTokenIssuerInput{
		InstanceArn: aws.String(t.s.out.InstanceARN), Name: aws.String(t.name), TrustedTokenIssuerType: stypes.TrustedTokenIssuerTypeOidcJwt,
		TrustedTokenIssuerConfiguration: &stypes.TrustedTokenIssuerConfigurationMemberOidcJwtConfiguration{Value: stypes.OidcJwtConfiguration{
			IssuerUrl: aws.String(t.issuer), ClaimAttributePath: aws.String("email"), IdentityStoreAttributePath: aws.String("emails.value"),
			JwksRetrievalOption: stypes.JwksRetrievalOptionOpenIdDiscovery}},
		Tags: t.s.ssoTagList()})
	if err != nil {
		return err
	}
	t.s.out.TokenIssuerARN = aws.ToString(out.TrustedTokenIssuerArn)
	return nil
}

func (t *tokenIssuer) Update(context.Context) error { return nil }

func (t *tokenIssuer) Delete(ctx context.Context) error {
	_, err := t.s.c.SSO.DeleteTrustedTokenIssuer(ctx, &ssoadmin.DeleteTrustedTokenIssuerInput{TrustedTokenIssuerArn: aws.String(t.s.out.TokenIssuerARN)})
	return err
}
