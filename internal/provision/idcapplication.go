package provision

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin/document"
	stypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"
)

// customProvider is the application provider of customer managed
// Identity Center applications.
const customProvider = "arn:aws:sso::aws:applicationProvider/custom"

// idcApplication is the customer managed Identity Center application a
// client exchanges the IdP's token at (CreateTokenWithIAM).
type idcApplication struct {
	s              *stack
	name, clientID string
	issuer         string // the token issuer resource it trusts
	configure      bool   // false for destroy: its configuration is not checked
}

func (a *idcApplication) Type() string        { return "AWS::SSO::Application" }
func (a *idcApplication) Name() string        { return a.name }
func (a *idcApplication) DependsOn() []string { return []string{a.issuer} }

func (a *idcApplication) Lookup(ctx context.Context) (Found, error) {
	a.s.out.IDCApplicationARN = ""
	inst, err := a.s.instance(ctx)
	if err != nil {
		return Found{}, err
	}
	pages := ssoadmin.NewListApplicationsPaginator(a.s.c.SSO, &ssoadmin.ListApplicationsInput{InstanceArn: aws.String(inst)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return Found{}, err
		}
		for _, e := range page.Applications {
			if aws.ToString(e.Name) == a.name {
				return a.found(ctx, aws.ToString(e.ApplicationArn))
			}
		}
	}
	return Found{}, nil
}

func (a *idcApplication) found(ctx context.Context, arn string) (Found, error) {
	tags, err := a.s.ssoTags(ctx, arn)
	if err != nil {
		return Found{}, err
	}
	if !a.s.tagged(tags) {
		return Found{}, notOurs("Identity Center application", a.name, a.s.prefix)
	}
	a.s.out.IDCApplicationARN = arn
	f := Found{Exists: true, Managed: true, ARN: arn}
	if a.configure {
		f.Drift, err = a.drift(ctx)
	}
	return f, err
}

// drift names the first missing piece of the application's configuration.
func (a *idcApplication) drift(ctx context.Context) (string, error) {
	app := aws.String(a.s.out.IDCApplicationARN)
	grant, err := a.s.c.SSO.GetApplicationGrant(ctx, &ssoadmin.GetApplicationGrantInput{ApplicationArn: app, GrantType: stypes.GrantTypeJwtBearer})
	if missing(err) {
		return "jwt-bearer grant missing", nil
	}
	if err != nil {
		return "", err
	}
	if jwt, ok := grant.Grant.(*stypes.GrantMemberJwtBearer); !ok || !a.trusts(jwt.Value) {
		return "jwt-bearer grant does not trust the token issuer for " + a.clientID, nil
	}
	if _, err := a.s.c.SSO.GetApplicationAuthenticationMethod(ctx, &ssoadmin.GetApplicationAuthenticationMethodInput{ApplicationArn: app,
		AuthenticationMethodType: stypes.AuthenticationMethodTypeIam}); missing(err) {
		return "IAM authentication method missing", nil
	} else if err != nil {
		return "", err
	}
	for _, sc := range IDCScopes {
		if _, err := a.s.c.SSO.GetApplicationAccessScope(ctx, &ssoadmin.GetApplicationAccessScopeInput{ApplicationArn: app, Scope: aws.String(sc)}); missing(err) {
			return "access scope " + sc + " missing", nil
		} else if err != nil {
			return "", err
		}
	}
	return "", nil
}

func (a *idcApplication) trusts(g stypes.JwtBearerGrant) bool {
	return slices.ContainsFunc(g.AuthorizedTokenIssuers, func(t stypes.AuthorizedTokenIssuer) bool {
		return aws.ToString(t.TrustedTokenIssuerArn) == a.s.out.TokenIssuerARN && slices.Contains(t.AuthorizedAudiences, a.clientID)
	})
}

func missing(err error) bool {
	var nf *stypes.ResourceNotFoundException
	return errors.As(err, &nf)
}

func (a *idcApplication) Create(ctx context.Context) error {
	out, err := a.s.c.SSO.CreateApplication(ctx, &ssoadmin.CreateApplicationInput{InstanceArn: aws.String(a.s.out.InstanceARN),
		Name: aws.String(a.name), ApplicationProviderArn: aws.String(customProvider), Tags: a.s.ssoTagList(),
		Description: aws.String("qbiz sign-in for Q Business " + a.s.prefix)})
	if err != nil {
		return err
	}
	a.s.out.IDCApplicationARN = aws.ToString(out.ApplicationArn)
	return a.Update(ctx)
}

// Update puts the whole configuration; every Put is idempotent.
func (a *idcApplication) Update(ctx context.Context) error {
	app := aws.String(a.s.out.IDCApplicationARN)
	sso := a.s.c.SSO
	if _, err := sso.PutApplicationAssignmentConfiguration(ctx, &ssoadmin.PutApplicationAssignmentConfigurationInput{ApplicationArn: app, AssignmentRequired: aws.Bool(false)}); err != nil {
		return err
	}
	jwt := &stypes.GrantMemberJwtBearer{Value: stypes.JwtBearerGrant{AuthorizedTokenIssuers: []stypes.AuthorizedTokenIssuer{
		{TrustedTokenIssuerArn: aws.String(a.s.out.TokenIssuerARN), AuthorizedAudiences: []string{a.clientID}}}}}
	if _, err := sso.PutApplicationGrant(ctx, &ssoadmin.PutApplicationGrantInput{ApplicationArn: app, GrantType: stypes.GrantTypeJwtBearer, Grant: jwt}); err != nil {
		return err
	}
	if _, err := sso.PutApplicationGrant(ctx, &ssoadmin.PutApplicationGrantInput{ApplicationArn: app, GrantType: stypes.GrantTypeRefreshToken,
		Grant: &stypes.GrantMemberRefreshToken{Value: stypes.RefreshTokenGrant{}}}); err != nil {
		return err
	}
	var policy map[string]any
	_ = json.Unmarshal([]byte(policyDoc(stmt{"Effect": "Allow", "Principal": stmt{"AWS": "arn:aws:iam::" + accountOf(a.s.out.IDCApplicationARN) + ":root"},
		"Action": "sso-oauth:CreateTokenWithIAM", "Resource": a.s.out.IDCApplicationARN})), &policy)
	if _, err := sso.PutApplicationAuthenticationMethod(ctx, &ssoadmin.PutApplicationAuthenticationMethodInput{ApplicationArn: app,
		AuthenticationMethodType: stypes.AuthenticationMethodTypeIam,
		AuthenticationMethod:     &stypes.AuthenticationMethodMemberIam{Value: stypes.IamAuthenticationMethod{ActorPolicy: document.NewLazyDocument(policy)}}}); err != nil {
		return err
	}
	for _, sc := range IDCScopes {
		if _, err := sso.PutApplicationAccessScope(ctx, &ssoadmin.PutApplicationAccessScopeInput{ApplicationArn: app, Scope: aws.String(sc)}); err != nil {
			return err
		}
	}
	return nil
}

func (a *idcApplication) Delete(ctx context.Context) error {
	_, err := a.s.c.SSO.DeleteApplication(ctx, &ssoadmin.DeleteApplicationInput{ApplicationArn: aws.String(a.s.out.IDCApplicationARN)})
	return err
}
