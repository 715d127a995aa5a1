package ssoadmin

import (
	"encoding/json"
	"time"
)

// Grant types an application can enable.
const (
	GrantAuthorizationCode = "authorization_code"
	GrantRefreshToken      = "refresh_token"
	GrantJWTBearer         = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	GrantTokenExchange     = "urn:ietf:params:oauth:grant-type:token-exchange"
)

// CustomProviderARN is the provider of customer-managed OAuth applications.
const CustomProviderARN = "arn:aws:sso::aws:applicationProvider/custom"

// Instance is the account's Identity Center instance.
type Instance struct {
	ARN             string    `json:"arn"`
	IdentityStoreID string    `json:"identity_store_id"`
	OwnerAccountID  string    `json:"owner_account_id"`
	Name            string    `json:"name,omitempty"`
	CreatedDate     time.Time `json:"created_date"`
}

// ID returns the ssoins-… part of the instance ARN.
func (i Instance) ID() string { return i.ARN[len("arn:aws:sso:::instance/"):] }

// Tag is a resource tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// TrustedTokenIssuer is an OIDC_JWT trusted token issuer.
type TrustedTokenIssuer struct {
	ARN                        string `json:"arn"`
	Name                       string `json:"name"`
	Type                       string `json:"type"`
	IssuerURL                  string `json:"issuer_url"`
	ClaimAttributePath         string `json:"claim_attribute_path"`
	IdentityStoreAttributePath string `json:"identity_store_attribute_path"`
	JwksRetrievalOption        string `json:"jwks_retrieval_option"`
	Tags                       []Tag  `json:"tags,omitempty"`
	ClientToken                string `json:"client_token,omitempty"`
}

// PortalOptions is the application's portal configuration.
type PortalOptions struct {
	SignInOptions *SignInOptions `json:"SignInOptions,omitempty"`
	Visibility    string         `json:"Visibility,omitempty"`
}

// SignInOptions says where users sign in to the application.
type SignInOptions struct {
	Origin         string `json:"Origin"`
	ApplicationURL string `json:"ApplicationUrl,omitempty"`
}

// Application is a customer-managed Identity Center application.
type Application struct {
	ARN                string         `json:"arn"`
	ProviderARN        string         `json:"provider_arn"`
	Name               string         `json:"name"`
	Description        string         `json:"description,omitempty"`
	Account            string         `json:"account"`
	InstanceARN        string         `json:"instance_arn"`
	Status             string         `json:"status"`
	PortalOptions      *PortalOptions `json:"portal_options,omitempty"`
	CreatedDate        time.Time      `json:"created_date"`
	AssignmentRequired bool           `json:"assignment_required"`
	Tags               []Tag          `json:"tags,omitempty"`
	ClientToken        string         `json:"client_token,omitempty"`
}

// AuthorizedTokenIssuer lets a trusted token issuer's tokens for the given
// audiences be exchanged through the jwt-bearer grant.
type AuthorizedTokenIssuer struct {
	TrustedTokenIssuerARN string   `json:"TrustedTokenIssuerArn,omitempty"`
	AuthorizedAudiences   []string `json:"AuthorizedAudiences,omitempty"`
}

// Grant is one enabled grant type of an application.
type Grant struct {
	Type string `json:"type"`
	// AuthorizedTokenIssuers is set for the jwt-bearer grant.
	AuthorizedTokenIssuers []AuthorizedTokenIssuer `json:"authorized_token_issuers,omitempty"`
	// RedirectURIs is set for the authorization_code grant.
	RedirectURIs []string `json:"redirect_uris,omitempty"`
}

// AccessScope is a scope registered on an application.
type AccessScope struct {
	Scope             string   `json:"scope"`
	AuthorizedTargets []string `json:"authorized_targets,omitempty"`
}

// appState is an application with everything configured on it.
type appState struct {
	App Application `json:"app"`
	// Grants by grant type.
	Grants map[string]Grant `json:"grants,omitempty"`
	// AuthMethods by type (IAM) holding the actor policy document.
	AuthMethods map[string]json.RawMessage `json:"auth_methods,omitempty"`
	// Scopes by scope name.
	Scopes map[string]AccessScope `json:"scopes,omitempty"`
}
