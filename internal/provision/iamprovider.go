package provision

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
)

// oidcProvider is the account's IAM OIDC provider for the issuer: one per
// issuer URL, so an existing one is used (and given the client id when it
// lacks it) rather than created. One qbiz created for the stack lists the
// stack's client id alone: another (a client id the stack used before)
// is removed.
type oidcProvider struct {
	s                *stack
	issuer, clientID string
	// missing and extra are what Lookup found wrong with the client ids.
	missing bool
	extra   []string
}

func (p *oidcProvider) Type() string { return "AWS::IAM::OIDCProvider" }

// Name is the provider's URL without scheme; without an issuer (destroy
// by prefix alone) the provider is the one carrying the stack's tag.
func (p *oidcProvider) Name() string {
	if p.issuer == "" {
		return "tagged " + TagKey + "=" + p.s.prefix
	}
	return issuerHost(p.issuer)
}
func (p *oidcProvider) DependsOn() []string { return nil }

func (p *oidcProvider) Lookup(ctx context.Context) (Found, error) {
	list, err := p.s.c.IAM.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		return Found{}, err
	}
	for _, e := range list.OpenIDConnectProviderList {
		got, err := p.s.c.IAM.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: e.Arn})
		if err != nil {
			return Found{}, err
		}
		tagged := p.s.tagged(iamTags(got.Tags))
		if (p.issuer == "" && !tagged) || (p.issuer != "" && issuerHost(aws.ToString(got.Url)) != p.Name()) {
			continue
		}
		p.s.out.ProviderARN = aws.ToString(e.Arn)
		if tagged {
			// A provider another application also signs in through stays.
			shared, err := p.s.usedByOthers(ctx, p.s.out.ProviderARN)
			if err != nil {
				return Found{}, err
			}
			tagged = !shared
		}
		f := Found{Exists: true, ARN: p.s.out.ProviderARN, Managed: tagged}
		f.Drift = p.clientDrift(got.ClientIDList, tagged)
		return f, nil
	}
	p.s.out.ProviderARN = ""
	return Found{}, nil
}

// clientDrift notes the stack's client id missing and, on a provider the
// stack manages, the client ids that are not the stack's.
func (p *oidcProvider) clientDrift(ids []string, managed bool) string {
	p.missing, p.extra = p.clientID != "" && !slices.Contains(ids, p.clientID), nil
	if managed && p.clientID != "" {
		p.extra = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == p.clientID })
	}
	var drift []string
	if p.missing {
		drift = append(drift, fmt.Sprintf("client id %s missing", p.clientID))
	}
	if len(p.extra) > 0 {
		drift = append(drift, fmt.Sprintf("client ids %v are not the stack's", p.extra))
	}
	return strings.Join(drift, "; ")
}

func (p *oidcProvider) Create(ctx context.Context) error {
	_, err := p.s.c.IAM.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{
		Url: aws.String(p.issuer), ClientIDList: []string{p.clientID}, Tags: p.s.iamTags()})
	return err
}

// Update adds the stack's client id and removes the others Lookup found
// on a provider the stack manages.
func (p *oidcProvider) Update(ctx context.Context) error {
	arn := aws.String(p.s.out.ProviderARN)
	if p.missing {
		if _, err := p.s.c.IAM.AddClientIDToOpenIDConnectProvider(ctx, &iam.AddClientIDToOpenIDConnectProviderInput{
			OpenIDConnectProviderArn: arn, ClientID: aws.String(p.clientID)}); err != nil {
			return err
		}
	}
	for _, id := range p.extra {
		if _, err := p.s.c.IAM.RemoveClientIDFromOpenIDConnectProvider(ctx, &iam.RemoveClientIDFromOpenIDConnectProviderInput{
			OpenIDConnectProviderArn: arn, ClientID: aws.String(id)}); err != nil {
			return err
		}
	}
	return nil
}

func (p *oidcProvider) Delete(ctx context.Context) error {
	_, err := p.s.c.IAM.DeleteOpenIDConnectProvider(ctx, &iam.DeleteOpenIDConnectProviderInput{
		OpenIDConnectProviderArn: aws.String(p.s.out.ProviderARN)})
	return err
}

func (s *stack) iamTags() []iamtypes.Tag {
	return []iamtypes.Tag{{Key: aws.String(TagKey), Value: aws.String(s.prefix)}}
}

func iamTags(tags []iamtypes.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// usedByOthers reports whether a Q Business application not of this stack
// names the identity provider.
func (s *stack) usedByOthers(ctx context.Context, providerARN string) (bool, error) {
	pages := qbusiness.NewListApplicationsPaginator(s.c.Q, &qbusiness.ListApplicationsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return false, err
		}
		for _, app := range page.Applications {
			if aws.ToString(app.DisplayName) == s.prefix {
				continue
			}
			got, err := s.c.Q.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: app.ApplicationId})
			if err != nil {
				return false, err
			}
			if aws.ToString(got.IamIdentityProviderArn) == providerARN {
				return true, nil
			}
		}
	}
	return false, nil
}
