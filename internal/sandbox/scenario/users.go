package scenario

import "github.com/qbiz/qbiz/internal/sandbox/directory"

// Demo users, as the README and the tests know them.
const (
	Mary  = "mary_major@example.com"
	Mateo = "mateo_jackson@example.com"
	Demo1 = "demo1@example.com"
)

// Users returns the demo directory users (both scenarios have them).
func Users() []directory.User {
	return []directory.User{
		{Username: Mary, Password: "mary-sandbox-pw", Email: Mary, Name: "Mary Major", Groups: []string{"core-team"}},
		{Username: Mateo, Password: "mateo-sandbox-pw", Email: Mateo, Name: "Mateo Jackson", Groups: []string{"anyorg-team"}},
		{Username: Demo1, Password: "demo1-sandbox-pw", Email: Demo1, Name: "Demo One", Groups: []string{"core-team"}},
	}
}

// OIDC clients registered at the sandbox IdP.
const (
	CLIClientID      = "qbiz-cli"
	GatewayClientID  = "qbiz-gateway"
	SPEntityID       = "urn:qbiz:sp"
	AWSSignInSAMLURL = "https://signin.aws.amazon.com/saml"
)

// GatewayClientSecret is the confidential gateway client's secret. It only
// ever exists inside a sandbox on loopback.
const GatewayClientSecret = "qbiz-gateway-sandbox-secret"
