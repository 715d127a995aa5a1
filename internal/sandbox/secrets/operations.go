package secrets

// operations is the Secrets Manager operation table, by X-Amz-Target;
// NewHandler builds it.
func operations() map[string]opFunc {
	return map[string]opFunc{
		"CreateSecret":   createSecret,
		"GetSecretValue": getSecretValue,
		"DescribeSecret": describeSecret,
		"DeleteSecret":   deleteSecret,
		"PutSecretValue": putSecretValue,
	}
}
