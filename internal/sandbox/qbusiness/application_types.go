package qbusiness

import "github.com/qbiz/qbiz/internal/sandbox/lazyre"

var clientIDPattern = lazyre.New(`^[a-zA-Z0-9_.:/()*?=-]*$`)

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type controlMode struct {
	AttachmentsControlMode     string `json:"attachmentsControlMode,omitempty"`
	QAppsControlMode           string `json:"qAppsControlMode,omitempty"`
	PersonalizationControlMode string `json:"personalizationControlMode,omitempty"`
}

type autoSubscription struct {
	AutoSubscribe           string `json:"autoSubscribe"`
	DefaultSubscriptionType string `json:"defaultSubscriptionType,omitempty"`
}

type encryption struct {
	KMSKeyID string `json:"kmsKeyId,omitempty"`
}

type quickSight struct {
	ClientNamespace string `json:"clientNamespace"`
}

// applicationInput is CreateApplication's and UpdateApplication's body.
type applicationInput struct {
	DisplayName               *string           `json:"displayName"`
	RoleArn                   *string           `json:"roleArn"`
	IdentityType              string            `json:"identityType"`
	IAMIdentityProviderArn    string            `json:"iamIdentityProviderArn"`
	IdentityCenterInstanceArn *string           `json:"identityCenterInstanceArn"`
	ClientIDsForOIDC          []string          `json:"clientIdsForOIDC"`
	Description               *string           `json:"description"`
	Encryption                *encryption       `json:"encryptionConfiguration"`
	Tags                      []tag             `json:"tags"`
	ClientToken               string            `json:"clientToken"`
	Attachments               *controlMode      `json:"attachmentsConfiguration"`
	QApps                     *controlMode      `json:"qAppsConfiguration"`
	Personalization           *controlMode      `json:"personalizationConfiguration"`
	AutoSubscription          *autoSubscription `json:"autoSubscriptionConfiguration"`
	QuickSight                *quickSight       `json:"quickSightConfiguration"`
}

type applicationOutput struct {
	DisplayName                  string            `json:"displayName"`
	ApplicationID                string            `json:"applicationId"`
	ApplicationArn               string            `json:"applicationArn"`
	IdentityType                 string            `json:"identityType"`
	IAMIdentityProviderArn       string            `json:"iamIdentityProviderArn,omitempty"`
	IdentityCenterApplicationArn string            `json:"identityCenterApplicationArn,omitempty"`
	RoleArn                      string            `json:"roleArn,omitempty"`
	Status                       string            `json:"status"`
	Description                  string            `json:"description,omitempty"`
	Encryption                   *encryption       `json:"encryptionConfiguration,omitempty"`
	CreatedAt                    float64           `json:"createdAt"`
	UpdatedAt                    float64           `json:"updatedAt"`
	Attachments                  *controlMode      `json:"attachmentsConfiguration,omitempty"`
	QApps                        *controlMode      `json:"qAppsConfiguration,omitempty"`
	Personalization              *controlMode      `json:"personalizationConfiguration,omitempty"`
	AutoSubscription             *autoSubscription `json:"autoSubscriptionConfiguration,omitempty"`
	ClientIDsForOIDC             []string          `json:"clientIdsForOIDC,omitempty"`
	QuickSight                   *quickSight       `json:"quickSightConfiguration,omitempty"`
}

type applicationSummary struct {
	DisplayName   string      `json:"displayName"`
	ApplicationID string      `json:"applicationId"`
	CreatedAt     float64     `json:"createdAt"`
	UpdatedAt     float64     `json:"updatedAt"`
	Status        string      `json:"status"`
	IdentityType  string      `json:"identityType"`
	QuickSight    *quickSight `json:"quickSightConfiguration,omitempty"`
}
