package ssooidc

import (
	"errors"
	"mime"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// tokenRequest is the CreateTokenWithIAM input (camelCase members).
type tokenRequest struct {
	ClientID           string   `json:"clientId"`
	GrantType          string   `json:"grantType"`
	Code               string   `json:"code"`
	RefreshToken       string   `json:"refreshToken"`
	Assertion          string   `json:"assertion"`
	Scope              []string `json:"scope"`
	RedirectURI        string   `json:"redirectUri"`
	SubjectToken       string   `json:"subjectToken"`
	SubjectTokenType   string   `json:"subjectTokenType"`
	RequestedTokenType string   `json:"requestedTokenType"`
	CodeVerifier       string   `json:"codeVerifier"`
}

// maxField bounds every string member (JWTs included).
const maxField = 64 << 10

// decodeRequest parses and checks the shape of a CreateTokenWithIAM body.
func decodeRequest(contentType string, body []byte) (tokenRequest, *oauthError) {
	var req tokenRequest
	if mt, _, err := mime.ParseMediaType(contentType); len(body) > 0 && (err != nil || mt != wire.ContentTypeJSON) {
		return req, errInvalidRequest("Content-Type must be application/json")
	}
	if err := wire.DecodeJSON(body, &req, "InvalidRequestException"); err != nil {
		var we *wire.Error
		if errors.As(err, &we) {
			return req, errInvalidRequest("%s", we.Message)
		}
		return req, errInvalidRequest("Could not parse request body")
	}
	return req, req.validate()
}

func (r tokenRequest) validate() *oauthError {
	switch {
	case r.ClientID == "":
		return errInvalidRequest("clientId is required")
	case r.GrantType == "":
		return errInvalidRequest("grantType is required")
	}
	for _, f := range []string{r.ClientID, r.GrantType, r.Code, r.RefreshToken, r.Assertion, r.RedirectURI, r.SubjectToken, r.SubjectTokenType, r.RequestedTokenType, r.CodeVerifier} {
		if len(f) > maxField {
			return errInvalidRequest("A request member exceeds %d bytes", maxField)
		}
	}
	if len(r.Scope) > 25 {
		return errInvalidScope("Too many scopes requested")
	}
	return nil
}
