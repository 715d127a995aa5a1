package provision

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// samlProvider is the IAM SAML provider holding the IdP's metadata.
type samlProvider struct {
	s        *stack
	name     string
	metadata string // empty: destroy, which needs no metadata
}

func (p *samlProvider) Type() string        { return "AWS::IAM::SAMLProvider" }
func (p *samlProvider) Name() string        { return p.name }
func (p *samlProvider) DependsOn() []string { return nil }

func (p *samlProvider) Lookup(ctx context.Context) (Found, error) {
	p.s.out.ProviderARN = ""
	list, err := p.s.c.IAM.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
	if err != nil {
		return Found{}, err
	}
	for _, e := range list.SAMLProviderList {
		arn := aws.ToString(e.Arn)
		if !strings.HasSuffix(arn, ":saml-provider/"+p.name) {
			continue
		}
		got, err := p.s.c.IAM.GetSAMLProvider(ctx, &iam.GetSAMLProviderInput{SAMLProviderArn: e.Arn})
		if err != nil {
			return Found{}, err
		}
		if !p.s.tagged(iamTags(got.Tags)) {
			return Found{}, notOurs("SAML provider", p.name, p.s.prefix)
		}
		p.s.out.ProviderARN = arn
		f := Found{Exists: true, Managed: true, ARN: arn}
		if p.metadata != "" && strings.TrimSpace(aws.ToString(got.SAMLMetadataDocument)) != strings.TrimSpace(p.metadata) {
			f.Drift = "metadata differs"
		}
		return f, nil
	}
	return Found{}, nil
}

func (p *samlProvider) Create(ctx context.Context) error {
	_, err := p.s.c.IAM.CreateSAMLProvider(ctx, &iam.CreateSAMLProviderInput{Name: aws.String(p.name),
		SAMLMetadataDocument: aws.String(p.metadata), Tags: p.s.iamTags()})
	return err
}

func (p *samlProvider) Update(ctx context.Context) error {
	_, err := p.s.c.IAM.UpdateSAMLProvider(ctx, &iam.UpdateSAMLProviderInput{SAMLProviderArn: aws.String(p.s.out.ProviderARN),
		SAMLMetadataDocument: aws.String(p.metadata)})
	return err
}

func (p *samlProvider) Delete(ctx context.Context) error {
	_, err := p.s.c.IAM.DeleteSAMLProvider(ctx, &iam.DeleteSAMLProviderInput{SAMLProviderArn: aws.String(p.s.out.ProviderARN)})
	return err
}
