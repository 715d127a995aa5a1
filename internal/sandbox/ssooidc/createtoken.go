package ssooidc

import (
	"net/http"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// tokenResponse is the CreateTokenWithIAM output.
type tokenResponse struct {
	AccessToken          string       `json:"accessToken,omitempty"`
	TokenType            string       `json:"tokenType,omitempty"`
	ExpiresIn            int          `json:"expiresIn"`
	RefreshToken         string       `json:"refreshToken,omitempty"`
	IDToken              string       `json:"idToken,omitempty"`
	IssuedTokenType      string       `json:"issuedTokenType,omitempty"`
	Scope                []string     `json:"scope,omitempty"`
	AWSAdditionalDetails *awsAddition `json:"awsAdditionalDetails,omitempty"`
}

type awsAddition struct {
	IdentityContext string `json:"identityContext,omitempty"`
}

// exchange is one CreateTokenWithIAM call in progress.
type exchange struct {
	req    tokenRequest
	caller awsauth.Principal
	app    ssoadmin.Application
}

func (s *Service) createTokenWithIAM(w http.ResponseWriter, r *http.Request) {
	out, oerr := s.createToken(r)
	if oerr != nil {
		if oerr.Status >= 500 {
			s.opts.Logger.Error("CreateTokenWithIAM failed", "error", oerr.Description)
			oerr = errInternal()
		}
		writeError(w, r, oerr)
		return
	}
	wire.WriteJSON(w, r, wire.ContentTypeJSON, 200, out)
}

func (s *Service) createToken(r *http.Request) (*tokenResponse, *oauthError) {
	v := awsauth.FromContext(r.Context())
	if v == nil {
		return nil, errAccessDenied("CreateTokenWithIAM requires SigV4-signed requests")
	}
	body, err := wire.ReadBody(r.Body, wire.MaxBody)
	if err != nil {
		return nil, errInvalidRequest("Request body too large")
	}
	req, oerr := decodeRequest(r.Header.Get("Content-Type"), body)
	if oerr != nil {
		return nil, oerr
	}
	app, ok := s.opts.Admin.Application(req.ClientID)
	if !ok {
		return nil, errInvalidClient("Invalid client provided")
	}
	ledger.SetDetail(r.Context(), "application", app.ARN)
	ledger.SetDetail(r.Context(), "grant_type", req.GrantType)
	x := &exchange{req: req, caller: v.Principal, app: app}
	var serve func(*http.Request, *exchange, ssoadmin.Grant) (*tokenResponse, *oauthError)
	switch req.GrantType {
	case ssoadmin.GrantJWTBearer:
		serve = s.jwtBearer
	case ssoadmin.GrantRefreshToken:
		serve = s.refreshGrant
	case ssoadmin.GrantAuthorizationCode, ssoadmin.GrantTokenExchange:
		return nil, errUnsupportedGrant("Grant type %s is not supported by this emulator", req.GrantType)
	default:
		return nil, errUnsupportedGrant("Unsupported grant type: %s", req.GrantType)
	}
	g, oerr := s.requireGrant(x, req.GrantType)
	if oerr != nil {
		return nil, oerr
	}
	if oerr := s.authorizeCaller(x); oerr != nil {
		return nil, oerr
	}
	return serve(r, x, g)
}

// requireGrant returns the application's grant of that type.
func (s *Service) requireGrant(x *exchange, grantType string) (ssoadmin.Grant, *oauthError) {
	g, ok := s.opts.Admin.Grant(x.app.ARN, grantType)
	if !ok {
		return ssoadmin.Grant{}, errInvalidClient("The application does not allow the grant type %s", grantType)
	}
	return g, nil
}
