package sts

// operations is the STS operation table, by Action; New builds it.
func operations() map[string]opFunc {
	return map[string]opFunc{
		"AssumeRoleWithWebIdentity": (*handler).assumeRoleWithWebIdentity,
		"AssumeRoleWithSAML":        (*handler).assumeRoleWithSAML,
		"AssumeRole":                (*handler).assumeRole,
		"GetCallerIdentity":         (*handler).getCallerIdentity,
	}
}
