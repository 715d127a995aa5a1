package ssoadmin

// operations is the sso-admin operation table, by X-Amz-Target; NewHandler
// builds it.
func operations() map[string]opFunc {
	return map[string]opFunc{
		"ListInstances":                         listInstances,
		"DescribeInstance":                      describeInstance,
		"CreateTrustedTokenIssuer":              createTTI,
		"DescribeTrustedTokenIssuer":            describeTTI,
		"ListTrustedTokenIssuers":               listTTIs,
		"DeleteTrustedTokenIssuer":              deleteTTI,
		"CreateApplication":                     createApplication,
		"DescribeApplication":                   describeApplication,
		"ListApplications":                      listApplications,
		"DeleteApplication":                     deleteApplication,
		"PutApplicationAssignmentConfiguration": putAssignmentConfig,
		"GetApplicationAssignmentConfiguration": getAssignmentConfig,
		"PutApplicationGrant":                   putGrant,
		"GetApplicationGrant":                   getGrant,
		"ListApplicationGrants":                 listGrants,
		"DeleteApplicationGrant":                deleteGrant,
		"PutApplicationAuthenticationMethod":    putAuthMethod,
		"GetApplicationAuthenticationMethod":    getAuthMethod,
		"ListApplicationAuthenticationMethods":  listAuthMethods,
		"DeleteApplicationAuthenticationMethod": deleteAuthMethod,
		"PutApplicationAccessScope":             putScope,
		"GetApplicationAccessScope":             getScope,
		"ListApplicationAccessScopes":           listScopes,
		"DeleteApplicationAccessScope":          deleteScope,
		"TagResource":                           tagResource,
		"ListTagsForResource":                   listTagsForResource,
	}
}
