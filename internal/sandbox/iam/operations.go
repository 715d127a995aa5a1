package iam

// operations is the IAM operation table, by Action; NewHandler builds it.
func operations() map[string]opFunc {
	return map[string]opFunc{
		// Roles.
		"CreateRole":             createRole,
		"GetRole":                getRole,
		"DeleteRole":             deleteRole,
		"ListRoles":              listRoles,
		"UpdateRole":             updateRole,
		"UpdateAssumeRolePolicy": updateAssumeRolePolicy,
		"TagRole":                tagRole,
		"UntagRole":              untagRole,
		"ListRoleTags":           listRoleTags,
		// Managed and inline policies.
		"CreatePolicy":             createPolicy,
		"GetPolicy":                getPolicy,
		"DeletePolicy":             deletePolicy,
		"ListPolicies":             listPolicies,
		"GetPolicyVersion":         getPolicyVersion,
		"AttachRolePolicy":         attachRolePolicy,
		"DetachRolePolicy":         detachRolePolicy,
		"ListAttachedRolePolicies": listAttachedRolePolicies,
		"PutRolePolicy":            putRolePolicy,
		"GetRolePolicy":            getRolePolicy,
		"DeleteRolePolicy":         deleteRolePolicy,
		"ListRolePolicies":         listRolePolicies,
		// OIDC and SAML identity providers.
		"CreateOpenIDConnectProvider":             createOIDC,
		"GetOpenIDConnectProvider":                getOIDC,
		"DeleteOpenIDConnectProvider":             deleteOIDC,
		"ListOpenIDConnectProviders":              listOIDC,
		"AddClientIDToOpenIDConnectProvider":      addClientID,
		"RemoveClientIDFromOpenIDConnectProvider": removeClientID,
		"UpdateOpenIDConnectProviderThumbprint":   updateThumbprint,
		"CreateSAMLProvider":                      createSAML,
		"GetSAMLProvider":                         getSAML,
		"DeleteSAMLProvider":                      deleteSAML,
		"UpdateSAMLProvider":                      updateSAML,
		"ListSAMLProviders":                       listSAML,
		// Users.
		"CreateUser":       createUserOp,
		"GetUser":          getUserOp,
		"AttachUserPolicy": attachUserPolicyOp,
	}
}
