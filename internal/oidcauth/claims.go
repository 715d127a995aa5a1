package oidcauth

import (
	"encoding/json"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
)

// awsTagsClaim is where STS reads session tags from a web identity token.
const awsTagsClaim = "https://aws.amazon.com/tags"

// Claims are the verified claims qbiz uses. Identity is (Issuer, Subject);
// Email is empty unless the IdP marked it verified.
type Claims struct {
	Issuer, Subject  string
	Email            string
	EmailVerified    bool
	Groups           []string
	Name             string
	Audience         []string
	IssuedAt, Expiry time.Time
	// AuthTime is when the user authenticated at the IdP (auth_time);
	// zero when the token does not say.
	AuthTime         time.Time
	AWSPrincipalTags map[string][]string
}

// rawClaims is the JSON the checks and Claims need beyond go-oidc's IDToken.
type rawClaims struct {
	Subject       *string         `json:"sub"`
	Nonce         *string         `json:"nonce"`
	AZP           *string         `json:"azp"`
	NotBefore     *float64        `json:"nbf"`
	AuthTime      *float64        `json:"auth_time"`
	Email         string          `json:"email"`
	EmailVerified flexBool        `json:"email_verified"`
	Groups        flexStrings     `json:"groups"`
	Name          string          `json:"name"`
	Tags          json.RawMessage `json:"https://aws.amazon.com/tags"`
}

// flexBool accepts true/false and "true"/"false" (some IdPs send strings).
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*b = v == true || v == "true"
	return nil
}

// flexStrings accepts a string array or a single string.
type flexStrings []string

func (s *flexStrings) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

// principalTags reads {"principal_tags": {"Key": ["v", ...]}}; a malformed
// claim yields no tags (STS would refuse it anyway).
func principalTags(raw json.RawMessage) map[string][]string {
	if len(raw) == 0 {
		return nil
	}
	var v struct {
		PrincipalTags map[string]flexStrings `json:"principal_tags"`
	}
	if json.Unmarshal(raw, &v) != nil || len(v.PrincipalTags) == 0 {
		return nil
	}
	out := make(map[string][]string, len(v.PrincipalTags))
	for k, vals := range v.PrincipalTags {
		out[k] = []string(vals)
	}
	return out
}

// Identity is the signed-in user the claims name.
func (c Claims) Identity() identity.Identity {
	return identity.Identity{Issuer: c.Issuer, Subject: c.Subject, Email: c.Email, Groups: c.Groups, Name: c.Name}
}
