package diagnose

import (
	"fmt"
	"slices"
	"strings"
)

// ProviderAudience checks that the IAM OIDC provider providerARN, whose
// client id list is clientIDs, accepts the audience of t (STS:
// "Incorrect token audience").
func ProviderAudience(providerARN string, clientIDs []string, t Token) Finding {
	for _, a := range t.Audience {
		if slices.Contains(clientIDs, a) {
			return Finding{}
		}
	}
	return Finding{What: fmt.Sprintf("the IAM OIDC provider %s lists the client ids [%s], and the ID token's aud is [%s]",
		providerARN, strings.Join(clientIDs, ", "), strings.Join(t.Audience, ", ")),
		Fix: fmt.Sprintf("add %s to the provider's client ids (aws iam add-client-id-to-open-id-connect-provider), or sign in with a client the provider lists (qbiz_client_id)", first(t.Audience))}
}

// NoProvider is STS finding no IAM OIDC provider for the token's issuer.
func NoProvider(t Token) Finding {
	return Finding{What: "the account has no IAM OIDC provider for the issuer " + t.Issuer,
		Fix: fmt.Sprintf("create it with client id %s (qbiz admin apply --mode oidc does), or correct qbiz_issuer: the token's iss must equal the provider's URL byte for byte", first(t.Audience))}
}

// NoKeys is STS failing to fetch the issuer's signing keys.
func NoKeys(t Token) Finding {
	return Finding{What: "AWS could not fetch the signing keys of " + t.Issuer + " (its discovery document and jwks_uri)",
		Fix: "make the issuer's /.well-known/openid-configuration and jwks_uri reachable from the internet over HTTPS"}
}

// SAMLAudience is an assertion whose Recipient or Audience is not the AWS
// sign-in endpoint; what is how qbiz's check or STS put it.
func SAMLAudience(what string) Finding {
	return Finding{What: what,
		Fix: "at the IdP, set the assertion's Recipient and Audience to https://signin.aws.amazon.com/saml (Okta: \"Recipient URL\" and " +
			"\"Audience URI (SP Entity ID)\"; Entra ID: \"Identifier (Entity ID)\"), keeping the Single sign-on / Reply URL the loopback ACS qbiz posts to"}
}

// NotAssigned is Identity Center refusing a user of an application that
// requires assignments.
func NotAssigned(applicationARN, user string) Finding {
	return Finding{What: fmt.Sprintf("IAM Identity Center refused %s for application %s: the application requires assignments and the user has none", user, applicationARN),
		Fix: fmt.Sprintf("assign the user or a group of theirs to application %s (aws sso-admin create-application-assignment), or stop requiring assignments (put-application-assignment-configuration --no-assignment-required)", applicationARN)}
}
