package diagnose

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// TagsClaim is the ID token claim STS reads session tags from.
const TagsClaim = "https://aws.amazon.com/tags"

// Token is what the checks need of an ID token's claims.
type Token struct {
	Issuer, Subject, Email string
	// AuthorizedParty is the azp claim.
	AuthorizedParty string
	Audience        []string
	// HasTagsClaim: the token carries TagsClaim, so STS sets session tags
	// (and the trust policy must allow sts:TagSession).
	HasTagsClaim bool
	// PrincipalTags are the principal_tags of TagsClaim.
	PrincipalTags map[string][]string
}

var errNotJWT = errors.New("not a JWT")

// ParseToken reads the claims of a JWT. It verifies nothing: it is for
// explaining a token the sign-in has already verified, never for trusting
// one.
func ParseToken(raw string) (Token, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return Token{}, errNotJWT
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return Token{}, errNotJWT
	}
	var c struct {
		Issuer  string          `json:"iss"`
		Subject string          `json:"sub"`
		Email   string          `json:"email"`
		AZP     string          `json:"azp"`
		Aud     stringList      `json:"aud"`
		Tags    json.RawMessage `json:"https://aws.amazon.com/tags"`
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		return Token{}, errNotJWT
	}
	t := Token{Issuer: c.Issuer, Subject: c.Subject, Email: c.Email, AuthorizedParty: c.AZP, Audience: c.Aud}
	t.HasTagsClaim, t.PrincipalTags = principalTags(c.Tags)
	return t, nil
}

// principalTags reads {"principal_tags": {"Key": ["v"]}}; a claim of
// another shape is present but names no tags.
func principalTags(raw json.RawMessage) (bool, map[string][]string) {
	if len(raw) == 0 || string(raw) == "null" {
		return false, nil
	}
	var v struct {
		PrincipalTags map[string]stringList `json:"principal_tags"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return true, nil
	}
	tags := make(map[string][]string, len(v.PrincipalTags))
	for k, vals := range v.PrincipalTags {
		tags[k] = vals
	}
	return true, tags
}

// stringList is a JSON string or array of strings.
type stringList []string

func (s *stringList) UnmarshalJSON(data []byte) error {
	var one string
	if json.Unmarshal(data, &one) == nil {
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
