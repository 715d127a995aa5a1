package ledger

import "context"

// Principal names who a request acted as, in the terms "who did what" is
// asked in: the AWS principal and, for a federated or Identity Center
// session, the person and IdP behind it.
type Principal struct {
	// ARN is the principal's ARN: arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
	// for a role session, the user ARN for an IAM user.
	ARN string `json:"arn"`
	// Kind is "user", "root" or "assumed-role".
	Kind           string `json:"kind"`
	RoleARN        string `json:"role_arn,omitempty"`
	SessionName    string `json:"session_name,omitempty"`
	SourceIdentity string `json:"source_identity,omitempty"`
	// Federation is how the session came from an IdP: "oidc" or "saml".
	Federation  string `json:"federation,omitempty"`
	ProviderARN string `json:"provider_arn,omitempty"`
	Issuer      string `json:"issuer,omitempty"`
	// Subject is the ID token's sub or the SAML NameID.
	Subject string `json:"subject,omitempty"`
	// Email is the session's Email principal tag.
	Email string `json:"email,omitempty"`
	// IDCUser is the Identity Center user of a trusted identity
	// propagation session, in the identity store IdentityStoreID.
	IDCUser         string `json:"idc_user,omitempty"`
	IdentityStoreID string `json:"identity_store_id,omitempty"`
}

// SetPrincipal records the principal a request resulted in (the session an
// AssumeRole* call issued), which the entry names instead of the caller.
func SetPrincipal(ctx context.Context, p *Principal) {
	if n, ok := ctx.Value(noteKey{}).(*Note); ok && p != nil {
		c := *p
		n.mu.Lock()
		n.principal = &c
		n.mu.Unlock()
	}
}

// Principal returns the principal a handler recorded, if any.
func (n *Note) Principal() *Principal {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.principal == nil {
		return nil
	}
	c := *n.principal
	return &c
}
