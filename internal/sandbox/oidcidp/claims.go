package oidcidp

import (
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

// TagsClaim is the claim STS reads session tags from.
const TagsClaim = "https://aws.amazon.com/tags"

// idTokenInput is what an ID token is made from.
type idTokenInput struct {
	client      Client
	user        directory.User
	authTime    time.Time
	nonce       string
	accessToken string
	refresh     bool // issued by the refresh_token grant
}

// idTokenClaims builds the correct claims, then applies the client's profile.
func (p *Provider) idTokenClaims(in idTokenInput) map[string]any {
	now := p.now()
	c := map[string]any{
		"iss":                p.opts.Issuer,
		"sub":                in.user.Subject,
		"aud":                in.client.ID,
		"azp":                in.client.ID,
		"exp":                now.Add(p.opts.IDTokenTTL).Unix(),
		"iat":                now.Unix(),
		"auth_time":          in.authTime.Unix(),
		"email":              in.user.Email,
		"email_verified":     true,
		"name":               displayName(in.user),
		"preferred_username": in.user.Username,
		"groups":             groupsOf(in.user),
		TagsClaim:            principalTags(in.user),
	}
	if in.nonce != "" {
		c["nonce"] = in.nonce
	}
	if in.accessToken != "" {
		c["at_hash"] = atHash(in.accessToken)
	}
	applyClaimProfile(in.client.Profile, c, in, now)
	return c
}

func displayName(u directory.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Username
}

func groupsOf(u directory.User) []string {
	if u.Groups == nil {
		return []string{}
	}
	return u.Groups
}

// principalTags is the AWS session-tags claim value: a map of tag key to a
// list of strings.
func principalTags(u directory.User) map[string]any {
	return map[string]any{"principal_tags": map[string][]string{"Email": {u.Email}}}
}

// atHash is OIDC Core §3.1.3.6 for RS256.
func atHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

// claimProfiles mutate a correct claim set into one misbehaviour each.
var claimProfiles = map[string]func(c map[string]any, in idTokenInput, now time.Time){
	ProfileWrongIssuer:      func(c map[string]any, _ idTokenInput, _ time.Time) { c["iss"] = EvilIssuer },
	ProfileWrongAudience:    func(c map[string]any, _ idTokenInput, _ time.Time) { c["aud"] = OtherAudience; delete(c, "azp") },
	ProfileMissingAudience:  func(c map[string]any, _ idTokenInput, _ time.Time) { delete(c, "aud") },
	ProfileAudArray:         func(c map[string]any, in idTokenInput, _ time.Time) { c["aud"] = []string{in.client.ID} },
	ProfileMultiAudNoAzp:    func(c map[string]any, in idTokenInput, _ time.Time) { multiAud(c, in, "") },
	ProfileMultiAudAzp:      func(c map[string]any, in idTokenInput, _ time.Time) { multiAud(c, in, in.client.ID) },
	ProfileMultiAudWrongAzp: func(c map[string]any, in idTokenInput, _ time.Time) { multiAud(c, in, OtherAudience) },
	ProfileMissingNonce:     func(c map[string]any, _ idTokenInput, _ time.Time) { delete(c, "nonce") },
	ProfileWrongNonce:       func(c map[string]any, in idTokenInput, _ time.Time) { c["nonce"] = "wrong-" + in.nonce },
	ProfileMissingSub:       func(c map[string]any, _ idTokenInput, _ time.Time) { delete(c, "sub") },
	ProfileEmptySub:         func(c map[string]any, _ idTokenInput, _ time.Time) { c["sub"] = "" },
	ProfileNullSub:          func(c map[string]any, _ idTokenInput, _ time.Time) { c["sub"] = nil },
	ProfileExpired: func(c map[string]any, _ idTokenInput, now time.Time) {
		c["iat"], c["exp"] = now.Add(-2*time.Hour).Unix(), now.Add(-time.Hour).Unix()
	},
	ProfileMissingExp: func(c map[string]any, _ idTokenInput, _ time.Time) { delete(c, "exp") },
	ProfileIatFuture: func(c map[string]any, _ idTokenInput, now time.Time) {
		c["iat"], c["exp"] = now.Add(time.Hour).Unix(), now.Add(2*time.Hour).Unix()
	},
	ProfileIatOld:          func(c map[string]any, _ idTokenInput, now time.Time) { c["iat"] = now.Add(-24 * time.Hour).Unix() },
	ProfileMissingIat:      func(c map[string]any, _ idTokenInput, _ time.Time) { delete(c, "iat") },
	ProfileMissingAuthTime: func(c map[string]any, _ idTokenInput, _ time.Time) { delete(c, "auth_time") },
	ProfileNbfFuture:       func(c map[string]any, _ idTokenInput, now time.Time) { c["nbf"] = now.Add(6 * time.Minute).Unix() },
	ProfileEmailUnverified: func(c map[string]any, _ idTokenInput, _ time.Time) { c["email_verified"] = false },
	ProfileMissingTags:     func(c map[string]any, _ idTokenInput, _ time.Time) { delete(c, TagsClaim) },
	ProfileRefreshWrongSub: func(c map[string]any, in idTokenInput, _ time.Time) {
		if in.refresh {
			c["sub"] = "other-" + in.user.Subject
		}
	},
	ProfileRefreshWrongIss: func(c map[string]any, in idTokenInput, _ time.Time) {
		if in.refresh {
			c["iss"] = EvilIssuer
		}
	},
}

func multiAud(c map[string]any, in idTokenInput, azp string) {
	c["aud"] = []string{in.client.ID, OtherAudience}
	delete(c, "azp")
	if azp != "" {
		c["azp"] = azp
	}
}

func applyClaimProfile(profile string, c map[string]any, in idTokenInput, now time.Time) {
	if f := claimProfiles[profile]; f != nil {
		f(c, in, now)
	}
}
