package scenario

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin/document"
	stypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"
)

// IDCScopes are the access scopes the Identity Center application grants.
var IDCScopes = []string{"qbusiness:conversations:access", "qbusiness:messages:access"}

// provisionIDC sets up trusted identity propagation: a trusted token issuer
// for the sandbox IdP, a customer managed Identity Center application with
// the jwt-bearer and refresh grants, and a Q Business application that uses
// Identity Center.
func provisionIDC(ctx context.Context, c clients, w World) (Application, error) {
	inst, err := c.sso.ListInstances(ctx, &ssoadmin.ListInstancesInput{})
	if err != nil || len(inst.Instances) == 0 {
		return Application{}, fmt.Errorf("find Identity Center instance: %w", orNoInstance(err))
	}
	instanceARN := inst.Instances[0].InstanceArn
	appARN, err := createIDCApplication(ctx, c.sso, instanceARN, w)
	if err != nil {
		return Application{}, err
	}
	app := Application{Mode: "idc", ClientID: w.ClientIDs[0], IDCApplicationARN: appARN}
	in := &qbusiness.CreateApplicationInput{DisplayName: aws.String("qbiz-sandbox-idc"), IdentityType: qtypes.IdentityTypeAwsIamIdc,
		IdentityCenterInstanceArn: instanceARN}
	return finishApp(ctx, c, w, app, in, idcTrust(w.Account))
}

func orNoInstance(err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("no instance")
}

func createIDCApplication(ctx context.Context, c *ssoadmin.Client, instanceARN *string, w World) (string, error) {
	tti, err := c.CreateTrustedTokenIssuer(ctx, &ssoadmin.CreateTrustedTokenIssuerInput{
		InstanceArn: instanceARN, Name: aws.String("qbiz-sandbox-idp"), TrustedTokenIssuerType: stypes.TrustedTokenIssuerTypeOidcJwt,
		TrustedTokenIssuerConfiguration: &stypes.TrustedTokenIssuerConfigurationMemberOidcJwtConfiguration{Value: stypes.OidcJwtConfiguration{
			IssuerUrl: aws.String(w.Issuer), ClaimAttributePath: aws.String("email"), IdentityStoreAttributePath: aws.String("emails.value"),
			JwksRetrievalOption: stypes.JwksRetrievalOptionOpenIdDiscovery}}})
	if err != nil {
		return "", fmt.Errorf("create trusted token issuer: %w", err)
	}
	app, err := c.CreateApplication(ctx, &ssoadmin.CreateApplicationInput{InstanceArn: instanceARN, Name: aws.String("qbiz-sandbox-idc"),
		ApplicationProviderArn: aws.String("arn:aws:sso::aws:applicationProvider/custom")})
	if err != nil {
		return "", fmt.Errorf("create Identity Center application: %w", err)
	}
	return aws.ToString(app.ApplicationArn), configureIDCApplication(ctx, c, app.ApplicationArn, tti.TrustedTokenIssuerArn, w)
}

func configureIDCApplication(ctx context.Context, c *ssoadmin.Client, appARN, ttiARN *string, w World) error {
	if _, err := c.PutApplicationAssignmentConfiguration(ctx, &ssoadmin.PutApplicationAssignmentConfigurationInput{ApplicationArn: appARN, AssignmentRequired: aws.Bool(false)}); err != nil {
		return fmt.Errorf("configure assignment: %w", err)
	}
	grants := map[stypes.GrantType]stypes.Grant{
		stypes.GrantTypeJwtBearer: &stypes.GrantMemberJwtBearer{Value: stypes.JwtBearerGrant{AuthorizedTokenIssuers: []stypes.AuthorizedTokenIssuer{
			{TrustedTokenIssuerArn: ttiARN, AuthorizedAudiences: w.ClientIDs}}}},
		stypes.GrantTypeRefreshToken: &stypes.GrantMemberRefreshToken{Value: stypes.RefreshTokenGrant{}},
	}
	for _, gt := range []stypes.GrantType{stypes.GrantTypeJwtBearer, stypes.GrantTypeRefreshToken} {
		if _, err := c.PutApplicationGrant(ctx, &ssoadmin.PutApplicationGrantInput{ApplicationArn: appARN, GrantType: gt, Grant: grants[gt]}); err != nil {
			return fmt.Errorf("put grant %s: %w", gt, err)
		}
	}
	var policy map[string]any
	if err := jsonUnmarshal(createTokenPolicy(w.Account), &policy); err != nil {
		return err
	}
	if _, err := c.PutApplicationAuthenticationMethod(ctx, &ssoadmin.PutApplicationAuthenticationMethodInput{ApplicationArn: appARN,
		AuthenticationMethodType: stypes.AuthenticationMethodTypeIam,
		AuthenticationMethod:     &stypes.AuthenticationMethodMemberIam{Value: stypes.IamAuthenticationMethod{ActorPolicy: document.NewLazyDocument(policy)}}}); err != nil {
		return fmt.Errorf("put authentication method: %w", err)
	}
	for _, s := range IDCScopes {
		if _, err := c.PutApplicationAccessScope(ctx, &ssoadmin.PutApplicationAccessScopeInput{ApplicationArn: appARN, Scope: aws.String(s)}); err != nil {
			return fmt.Errorf("put access scope %s: %w", s, err)
		}
	}
	return nil
}
