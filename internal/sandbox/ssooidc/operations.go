package ssooidc

import "net/http"

// operations is the sso-oidc operation table, by name; New builds it.
func (s *Service) operations() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"CreateTokenWithIAM":       s.createTokenWithIAM,
		"CreateToken":              unsupported("CreateToken is not supported by this emulator; use CreateTokenWithIAM (POST /token?aws_iam=t, SigV4-signed)"),
		"RegisterClient":           unsupported("RegisterClient is not supported by this emulator; use CreateTokenWithIAM"),
		"StartDeviceAuthorization": unsupported("StartDeviceAuthorization is not supported by this emulator; use CreateTokenWithIAM"),
	}
}

// operationName names the operation a POST's path binds to (restJson1), or
// "" for none.
func operationName(r *http.Request) string {
	switch r.URL.Path {
	case "/token":
		if r.URL.Query().Get("aws_iam") == "t" {
			return "CreateTokenWithIAM"
		}
		return "CreateToken"
	case "/client/register":
		return "RegisterClient"
	case "/device_authorization":
		return "StartDeviceAuthorization"
	}
	return ""
}

// unsupported answers an operation the emulator does not serve.
func unsupported(message string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeError(w, r, errInvalidRequest("%s", message)) }
}
