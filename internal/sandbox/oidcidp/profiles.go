package oidcidp

import (
	"fmt"
	"slices"
)

// Misbehaviour profiles; see the package documentation.
const (
	ProfileNormal               = ""
	ProfileWrongIssuer          = "wrong-issuer"
	ProfileWrongAudience        = "wrong-audience"
	ProfileMissingAudience      = "missing-aud"
	ProfileAudArray             = "aud-array"
	ProfileMultiAudNoAzp        = "multi-aud-no-azp"
	ProfileMultiAudAzp          = "multi-aud-azp"
	ProfileMultiAudWrongAzp     = "multi-aud-wrong-azp"
	ProfileMissingNonce         = "missing-nonce"
	ProfileWrongNonce           = "wrong-nonce"
	ProfileMissingSub           = "missing-sub"
	ProfileEmptySub             = "empty-sub"
	ProfileNullSub              = "null-sub"
	ProfileExpired              = "expired"
	ProfileMissingExp           = "missing-exp"
	ProfileIatFuture            = "iat-future"
	ProfileIatOld               = "iat-old"
	ProfileMissingIat           = "missing-iat"
	ProfileMissingAuthTime      = "missing-auth-time"
	ProfileNbfFuture            = "nbf-future"
	ProfileEmailUnverified      = "email-unverified"
	ProfileMissingTags          = "missing-tags"
	ProfileRefreshWrongSub      = "refresh-wrong-sub"
	ProfileRefreshWrongIss      = "refresh-wrong-iss"
	ProfileBadSignature         = "bad-signature"
	ProfileAlgNone              = "alg-none"
	ProfileAlgHS256             = "alg-hs256"
	ProfileAlgHS256JWK          = "alg-hs256-jwk"
	ProfileKidUnknown           = "kid-unknown"
	ProfileKidAbsent            = "kid-absent"
	ProfileEmbeddedJWK          = "embedded-jwk"
	ProfileCritHeader           = "crit-header"
	ProfileRotateBeforeSign     = "rotate-before-sign"
	ProfileMissingIssInResponse = "missing-iss-in-response"
	ProfileWrongIssInResponse   = "wrong-iss-in-response"
	ProfileJWKSUnknownKeyType   = "jwks-unknown-key-type"
	ProfileUserinfoWrongSub     = "userinfo-wrong-sub"
)

// EvilIssuer is the issuer value the wrong-issuer profiles use.
const EvilIssuer = "https://evil.test"

// OtherAudience is the foreign audience the audience profiles use.
const OtherAudience = "someone-else"

var profiles = []string{
	ProfileWrongIssuer, ProfileWrongAudience, ProfileMissingAudience, ProfileAudArray,
	ProfileMultiAudNoAzp, ProfileMultiAudAzp, ProfileMultiAudWrongAzp,
	ProfileMissingNonce, ProfileWrongNonce, ProfileMissingSub, ProfileEmptySub, ProfileNullSub,
	ProfileExpired, ProfileMissingExp, ProfileIatFuture, ProfileIatOld, ProfileMissingIat, ProfileMissingAuthTime,
	ProfileNbfFuture, ProfileEmailUnverified, ProfileMissingTags,
	ProfileRefreshWrongSub, ProfileRefreshWrongIss,
	ProfileBadSignature, ProfileAlgNone, ProfileAlgHS256, ProfileAlgHS256JWK,
	ProfileKidUnknown, ProfileKidAbsent, ProfileEmbeddedJWK, ProfileCritHeader,
	ProfileRotateBeforeSign, ProfileMissingIssInResponse, ProfileWrongIssInResponse,
	ProfileJWKSUnknownKeyType, ProfileUserinfoWrongSub,
}

// Profiles lists every misbehaviour profile name (the normal profile "" excluded).
func Profiles() []string { return slices.Clone(profiles) }

func validateProfile(p string) error {
	if p == ProfileNormal || slices.Contains(profiles, p) {
		return nil
	}
	return fmt.Errorf("unknown profile %q", p)
}
