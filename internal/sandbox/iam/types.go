package iam

import "time"

// Tag is an IAM resource tag.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Role is an IAM role as other services see it.
type Role struct {
	ARN         string `json:"arn"`
	Name        string `json:"name"`
	Path        string `json:"path"`
	RoleID      string `json:"role_id"`
	TrustPolicy string `json:"trust_policy"`
	// MaxSessionDuration caps the sessions STS issues for the role.
	MaxSessionDuration time.Duration `json:"max_session_duration"`
	Description        string        `json:"description,omitempty"`
	CreateDate         time.Time     `json:"create_date"`
}

// OIDCProvider is an IAM OpenID Connect identity provider.
type OIDCProvider struct {
	// URL is the provider URL as registered, scheme included.
	URL         string    `json:"url"`
	ARN         string    `json:"arn"`
	ClientIDs   []string  `json:"client_ids"`
	Thumbprints []string  `json:"thumbprints"`
	CreateDate  time.Time `json:"create_date"`
	Tags        []Tag     `json:"tags,omitempty"`
}

// SAMLProvider is an IAM SAML identity provider.
type SAMLProvider struct {
	ARN        string    `json:"arn"`
	Name       string    `json:"name"`
	UUID       string    `json:"uuid"`
	Metadata   []byte    `json:"metadata"`
	CreateDate time.Time `json:"create_date"`
	ValidUntil time.Time `json:"valid_until"`
	Tags       []Tag     `json:"tags,omitempty"`
}

type roleRecord struct {
	Role
	Inline   map[string]string `json:"inline,omitempty"`
	Attached []string          `json:"attached,omitempty"`
	Tags     []Tag             `json:"tags,omitempty"`
}

type policyRecord struct {
	ARN         string    `json:"arn"`
	Name        string    `json:"name"`
	Path        string    `json:"path"`
	ID          string    `json:"id"`
	Description string    `json:"description,omitempty"`
	Document    string    `json:"document"`
	CreateDate  time.Time `json:"create_date"`
	Tags        []Tag     `json:"tags,omitempty"`
}

type userRecord struct {
	ARN        string            `json:"arn"`
	Name       string            `json:"name"`
	Path       string            `json:"path"`
	ID         string            `json:"id"`
	CreateDate time.Time         `json:"create_date"`
	Attached   []string          `json:"attached,omitempty"`
	Inline     map[string]string `json:"inline,omitempty"`
}

// state is everything a Store persists.
type state struct {
	Roles    map[string]*roleRecord   `json:"roles"` // key: lower-case role name
	OIDC     map[string]*OIDCProvider `json:"oidc"`  // key: ARN
	SAML     map[string]*SAMLProvider `json:"saml"`  // key: ARN
	Policies map[string]*policyRecord `json:"policies"`
	Users    map[string]*userRecord   `json:"users"` // key: lower-case user name
}

func newState() *state {
	return &state{Roles: map[string]*roleRecord{}, OIDC: map[string]*OIDCProvider{},
		SAML: map[string]*SAMLProvider{}, Policies: map[string]*policyRecord{}, Users: map[string]*userRecord{}}
}
