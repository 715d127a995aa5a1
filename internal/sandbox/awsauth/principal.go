package awsauth

import "time"

// Principal is who signed a request, as the sandbox's IAM sees it.
type Principal struct {
	Account string `json:"account"`
	// ARN is the caller ARN GetCallerIdentity returns.
	ARN string `json:"arn"`
	// UserID is AIDA… for users, AROA…:session for assumed roles.
	UserID string `json:"user_id"`
	// Kind is "user", "root" or "assumed-role".
	Kind string `json:"kind"`
	// RoleARN is the IAM role ARN (with path) for assumed roles.
	RoleARN     string `json:"role_arn,omitempty"`
	SessionName string `json:"session_name,omitempty"`
	// Tags are the session's principal tags (e.g. Email).
	Tags              map[string]string `json:"tags,omitempty"`
	TransitiveTagKeys []string          `json:"transitive_tag_keys,omitempty"`
	SourceIdentity    string            `json:"source_identity,omitempty"`
	// SessionPolicy is the inline session policy passed when the session
	// was made: its permissions are the intersection of the role's and it.
	SessionPolicy string `json:"session_policy,omitempty"`
	// Federation describes how the session was obtained from an IdP.
	Federation *Federation `json:"federation,omitempty"`
	// Context is the Identity Center identity context of a TIP session.
	Context   *IdentityContext `json:"context,omitempty"`
	IssuedAt  time.Time        `json:"issued_at"`
	ExpiresAt time.Time        `json:"expires_at,omitzero"`
}

// Federation records the IdP facts of a federated session.
type Federation struct {
	// Kind is "oidc" or "saml".
	Kind        string `json:"kind"`
	ProviderARN string `json:"provider_arn"`
	Issuer      string `json:"issuer"`
	Subject     string `json:"subject"`
	Audience    string `json:"audience"`
}

// IdentityContext is what an Identity Center context assertion carries.
type IdentityContext struct {
	IdentityStoreID string    `json:"identity_store_id"`
	UserID          string    `json:"user_id"`
	ApplicationARN  string    `json:"application_arn"`
	InstanceARN     string    `json:"instance_arn"`
	ExpiresAt       time.Time `json:"expires_at"`
}

// Email returns the session's Email principal tag, if any.
func (p Principal) Email() string {
	for k, v := range p.Tags {
		if equalFold(k, "Email") {
			return v
		}
	}
	return ""
}

// IsFederatedUser reports whether the session carries an end-user identity:
// an Email tag from IAM federation or an Identity Center context.
func (p Principal) IsFederatedUser() bool { return p.Email() != "" || p.Context != nil }

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}
