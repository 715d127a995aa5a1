package diagnose

import (
	"fmt"

	"github.com/qbiz/qbiz/internal/identity"
)

// IdentityTypes are the Q Business identity types of the modes.
var IdentityTypes = map[identity.Mode]string{
	identity.ModeOIDC: "AWS_IAM_IDP_OIDC",
	identity.ModeSAML: "AWS_IAM_IDP_SAML",
	identity.ModeIDC:  "AWS_IAM_IDC",
}

// IdentityType checks that application appID, of identity type got,
// accepts the users of a profile in mode.
func IdentityType(mode identity.Mode, appID, got string) Finding {
	want := IdentityTypes[mode]
	if got == want {
		return Finding{}
	}
	return Finding{What: fmt.Sprintf("application %s has identity type %s, but the profile signs users in with mode %s, which needs %s", appID, got, mode, want),
		Fix: fmt.Sprintf("point qbiz_application_id at an application of identity type %s, or set up the profile for %s (qbiz admin apply --mode %s --write-profile)", want, got, modeOf(got))}
}

func modeOf(identityType string) string {
	for m, t := range IdentityTypes {
		if t == identityType {
			return string(m)
		}
	}
	return "(none qbiz supports)"
}
