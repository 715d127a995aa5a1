package mcpserver

import "context"

// Identity is who a profile is signed in as; it holds no secret. Times are
// written by RFC3339: RFC 3339, empty when not known.
type Identity struct {
	Profile           string   `json:"profile"`
	Email             string   `json:"email,omitempty"`
	Subject           string   `json:"subject,omitempty"`
	Issuer            string   `json:"issuer,omitempty"`
	Groups            []string `json:"groups,omitempty"`
	Mode              string   `json:"mode" jsonschema:"how the profile signs in: oidc, saml or idc"`
	RoleARN           string   `json:"roleArn,omitempty"`
	ApplicationID     string   `json:"applicationId,omitempty"`
	SignInDue         string   `json:"signInDue,omitempty" jsonschema:"when a new qbiz login will be needed, if the sign-in cannot renew itself"`
	CredentialsExpire string   `json:"credentialsExpire,omitempty"`
	SilentlyRenewable bool     `json:"silentlyRenewable" jsonschema:"whether the sign-in renews itself without the person"`
}

func (s *Server) whoami(ctx context.Context, _ struct{}) (Identity, error) {
	if s.opts.WhoAmI == nil {
		return Identity{}, errNoProfile
	}
	return s.opts.WhoAmI(ctx)
}
