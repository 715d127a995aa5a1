package samlauth

import "strings"

// What STS accepts in an assertion bound for AWS (AWS-BEHAVIOUR.md, SAML):
// the bearer Recipient names the AWS sign-in endpoint, global or regional;
// the Audience names one of those URLs or AWS's SP entity ID, which IdPs
// that imported AWS's SP metadata (ADFS, Okta's AWS app) send.
const (
	awsSignInURL = "https://signin.aws.amazon.com/saml"
	awsEntityID  = "urn:amazon:webservices"

	regionalSignInPrefix = "https://"
	regionalSignInSuffix = ".signin.aws.amazon.com/saml"
)

// awsSignIn reports whether u is https://signin.aws.amazon.com/saml or
// https://REGION.signin.aws.amazon.com/saml.
func awsSignIn(u string) bool {
	if u == awsSignInURL {
		return true
	}
	rest, ok := strings.CutPrefix(u, regionalSignInPrefix)
	if !ok {
		return false
	}
	region, ok := strings.CutSuffix(rest, regionalSignInSuffix)
	return ok && regionName(region)
}

// awsAudience reports whether aud is an Audience STS accepts.
func awsAudience(aud string) bool { return aud == awsEntityID || awsSignIn(aud) }

// regionName accepts a non-empty run of lower-case letters, digits and
// hyphens (us-east-1, eu-west-2, us-gov-west-1): one DNS label.
func regionName(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}
