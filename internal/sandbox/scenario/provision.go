package scenario

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
)

// World is what provisioning needs to know about the running sandbox.
type World struct {
	Account   string
	Region    string
	Issuer    string
	ClientIDs []string
	// SAMLMetadata is the IdP metadata document registered with IAM.
	SAMLMetadata []byte
	// RegisterSAMLRole tells the SAML IdP which Role attribute to send.
	RegisterSAMLRole func(roleARN, providerARN string)
	Documents        []Document
}

// Application is one provisioned Q Business application.
type Application struct {
	Mode, ApplicationID, IndexID, RoleARN, ProviderARN, ClientID, IDCApplicationARN string
}

type clients struct {
	iam *iam.Client
	q   *qbusiness.Client
	sso *ssoadmin.Client
}

// Demo provisions one application per identity mode, using admin
// credentials in cfg, and loads the documents into each index.
func Demo(ctx context.Context, cfg aws.Config, w World) ([]Application, error) {
	c := clients{iam: iam.NewFromConfig(cfg), q: qbusiness.NewFromConfig(cfg), sso: ssoadmin.NewFromConfig(cfg)}
	steps := []func(context.Context, clients, World) (Application, error){provisionOIDC, provisionSAML, provisionIDC}
	apps := make([]Application, 0, len(steps))
	for _, step := range steps {
		app, err := step(ctx, c, w)
		if err != nil {
			return nil, err
		}
		if err := loadDocuments(ctx, c.q, app, w.Documents); err != nil {
			return nil, err
		}
		apps = append(apps, app)
	}
	return apps, nil
}

func provisionOIDC(ctx context.Context, c clients, w World) (Application, error) {
	p, err := c.iam.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(w.Issuer), ClientIDList: w.ClientIDs})
	if err != nil {
		return Application{}, fmt.Errorf("create OIDC provider: %w", err)
	}
	app := Application{Mode: "oidc", ProviderARN: aws.ToString(p.OpenIDConnectProviderArn), ClientID: w.ClientIDs[0]}
	in := &qbusiness.CreateApplicationInput{DisplayName: aws.String("qbiz-sandbox-oidc"), IdentityType: qtypes.IdentityTypeAwsIamIdpOidc,
		IamIdentityProviderArn: p.OpenIDConnectProviderArn, ClientIdsForOIDC: w.ClientIDs}
	return finishApp(ctx, c, w, app, in, oidcTrust(app.ProviderARN, w.Issuer, app.ClientID))
}

func provisionSAML(ctx context.Context, c clients, w World) (Application, error) {
	p, err := c.iam.CreateSAMLProvider(ctx, &iam.CreateSAMLProviderInput{Name: aws.String("qbiz-sandbox-saml"), SAMLMetadataDocument: aws.String(string(w.SAMLMetadata))})
	if err != nil {
		return Application{}, fmt.Errorf("create SAML provider: %w", err)
	}
	app := Application{Mode: "saml", ProviderARN: aws.ToString(p.SAMLProviderArn)}
	in := &qbusiness.CreateApplicationInput{DisplayName: aws.String("qbiz-sandbox-saml"), IdentityType: qtypes.IdentityTypeAwsIamIdpSaml,
		IamIdentityProviderArn: p.SAMLProviderArn}
	app, err = finishApp(ctx, c, w, app, in, samlTrust(app.ProviderARN))
	if err == nil && w.RegisterSAMLRole != nil {
		w.RegisterSAMLRole(app.RoleARN, app.ProviderARN)
	}
	return app, err
}

// finishApp creates the Q application, its index and retriever, the web
// experience role with its trust and permission policies, and turns on
// auto-subscription.
func finishApp(ctx context.Context, c clients, w World, app Application, in *qbusiness.CreateApplicationInput, trust string) (Application, error) {
	out, err := c.q.CreateApplication(ctx, in)
	if err != nil {
		return app, fmt.Errorf("create %s application: %w", app.Mode, err)
	}
	app.ApplicationID = aws.ToString(out.ApplicationId)
	if app.IndexID, err = createIndex(ctx, c.q, app); err != nil {
		return app, err
	}
	appARN := aws.ToString(out.ApplicationArn)
	if app.RoleARN, err = createRole(ctx, c.iam, "qbiz-sandbox-"+app.Mode+"-role", trust, conversationPolicy(appARN)); err != nil {
		return app, err
	}
	return app, enableApp(ctx, c.q, app)
}

func createIndex(ctx context.Context, q *qbusiness.Client, app Application) (string, error) {
	idx, err := q.CreateIndex(ctx, &qbusiness.CreateIndexInput{ApplicationId: aws.String(app.ApplicationID),
		DisplayName: aws.String("qbiz-sandbox-" + app.Mode + "-index"), Type: qtypes.IndexTypeEnterprise})
	if err != nil {
		return "", fmt.Errorf("create %s index: %w", app.Mode, err)
	}
	_, err = q.CreateRetriever(ctx, &qbusiness.CreateRetrieverInput{ApplicationId: aws.String(app.ApplicationID),
		DisplayName: aws.String("qbiz-sandbox-" + app.Mode + "-retriever"), Type: qtypes.RetrieverTypeNativeIndex,
		Configuration: &qtypes.RetrieverConfigurationMemberNativeIndexConfiguration{Value: qtypes.NativeIndexConfiguration{IndexId: idx.IndexId}}})
	if err != nil {
		return "", fmt.Errorf("create %s retriever: %w", app.Mode, err)
	}
	return aws.ToString(idx.IndexId), nil
}

func enableApp(ctx context.Context, q *qbusiness.Client, app Application) error {
	_, err := q.CreateWebExperience(ctx, &qbusiness.CreateWebExperienceInput{ApplicationId: aws.String(app.ApplicationID),
		Title: aws.String("qbiz-sandbox-" + app.Mode + "-web-experience"), RoleArn: aws.String(app.RoleARN)})
	if err != nil {
		return fmt.Errorf("create %s web experience: %w", app.Mode, err)
	}
	_, err = q.UpdateApplication(ctx, &qbusiness.UpdateApplicationInput{ApplicationId: aws.String(app.ApplicationID),
		AutoSubscriptionConfiguration: &qtypes.AutoSubscriptionConfiguration{AutoSubscribe: qtypes.AutoSubscriptionStatusEnabled,
			DefaultSubscriptionType: qtypes.SubscriptionTypeQBusiness}})
	if err != nil {
		return fmt.Errorf("enable %s auto-subscription: %w", app.Mode, err)
	}
	return nil
}

func createRole(ctx context.Context, c *iam.Client, name, trust, permissions string) (string, error) {
	role, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		return "", fmt.Errorf("create role %s: %w", name, err)
	}
	pol, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(name + "-policy"), PolicyDocument: aws.String(permissions)})
	if err != nil {
		return "", fmt.Errorf("create policy for %s: %w", name, err)
	}
	if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(name), PolicyArn: pol.Policy.Arn}); err != nil {
		return "", fmt.Errorf("attach policy to %s: %w", name, err)
	}
	return aws.ToString(role.Role.Arn), nil
}
