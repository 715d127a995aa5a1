package provision

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
)

// Clients are the SDK clients a stack calls.
type Clients struct {
	IAM     *iam.Client
	Secrets *secretsmanager.Client
	Q       *qbusiness.Client
	SSO     *ssoadmin.Client // Identity Center mode only
}

// OIDCInput declares a Q Business application whose users sign in at an
// OIDC issuer.
type OIDCInput struct {
	Prefix   string
	Issuer   string
	ClientID string
	// ClientSecret is asked for only when the secret has to be created.
	ClientSecret func() (string, error)
	Poll         Poll
}

// Outputs are the identifiers a stack found or made.
type Outputs struct {
	ProviderARN     string
	SecretARN       string
	ApplicationID   string
	ApplicationARN  string
	IndexID         string
	RetrieverID     string
	WebRoleARN      string
	SecretsRoleARN  string
	WebExperienceID string
	// WebEndpoint is the hosted web experience's URL.
	WebEndpoint string
	// Identity Center mode.
	InstanceARN       string
	TokenIssuerARN    string
	IDCApplicationARN string
	IDCRoleARN        string
}

// stack is what the resources of one stack share: its declaration, its
// clients, and the identifiers lookups and creations record.
type stack struct {
	prefix string
	c      Clients
	poll   Poll
	out    Outputs
}

func (s *stack) tagged(tags map[string]string) bool { return tags[TagKey] == s.prefix }

// OIDC declares the resources of an AWS_IAM_IDP_OIDC application: the IAM
// OIDC provider (an existing one for the issuer is reused), the client
// secret, the application with auto-subscription, its index and retriever,
// the web-experience role, the role Q Business reads the secret with, and
// the web experience.
func OIDC(c Clients, in OIDCInput) (Stack, *Outputs) {
	s := &stack{prefix: in.Prefix, c: c, poll: in.Poll}
	provider := &oidcProvider{s: s, issuer: in.Issuer, clientID: in.ClientID}
	secret := &clientSecret{s: s, name: "QBusiness-" + in.Prefix + "-client-secret", value: in.ClientSecret}
	app := &application{s: s, name: in.Prefix, provider: provider.Name(), identity: qtypes.IdentityTypeAwsIamIdpOidc, autoSubscribe: true, clientIDs: []string{in.ClientID}}
	index := &index{s: s, name: in.Prefix + "-index", app: app.Name()}
	retriever := &retriever{s: s, name: in.Prefix + "-retriever", app: app.Name(), index: index.Name()}
	webRole := &role{s: s, name: in.Prefix + "-web-experience-role", needs: []string{provider.Name(), app.Name()},
		trust:       func() string { return webTrust(s.out.ProviderARN, in.Issuer, in.ClientID) },
		permissions: func() string { return webPermissions(s.out.ApplicationARN) },
		arn:         &s.out.WebRoleARN}
	secretsRole := &role{s: s, name: in.Prefix + "-secrets-manager-role", needs: []string{secret.Name(), app.Name()},
		trust:       func() string { return secretsTrust(accountOf(s.out.ApplicationARN), s.out.ApplicationARN) },
		permissions: func() string { return secretsPermissions(s.out.SecretARN) },
		arn:         &s.out.SecretsRoleARN}
	web := &webExperience{s: s, name: in.Prefix + "-web-experience",
		needs: []string{app.Name(), retriever.Name(), webRole.Name(), secretsRole.Name(), secret.Name()},
		idp: func() qtypes.IdentityProviderConfiguration {
			return &qtypes.IdentityProviderConfigurationMemberOpenIDConnectConfiguration{Value: qtypes.OpenIDConnectProviderConfiguration{
				SecretsArn: aws.String(s.out.SecretARN), SecretsRole: aws.String(s.out.SecretsRoleARN)}}
		}}
	return Stack{Resources: []Resource{provider, secret, app, index, retriever, webRole, secretsRole, web}, Progress: in.Poll.Progress}, &s.out
}
