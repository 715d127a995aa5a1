package signin

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// errNoIDCKeys means nothing says where Identity Center's signing keys are.
var errNoIDCKeys = errors.New("identity center: no key set to verify Identity Center id tokens; set QBIZ_IDC_JWKS_URL")

// errNoAppConfig means the caller gave no way to load the Identity
// Center application's own credentials.
var errNoAppConfig = errors.New("identity center: no source of the application's own credentials")

// identityCenterExchange runs the trusted identity propagation path for
// e. It resumes the Identity Center session e holds, so a renewal uses
// Identity Center's refresh token (CreateTokenWithIAM refresh_token grant)
// and its pinned user; only without one is e's ID token exchanged. The
// session it ends with (the user and the rotated refresh token) is kept
// in e even when AssumeRole then fails: the previous token is spent.
func (s *Session) identityCenterExchange(ctx context.Context, e tokencache.Entry, sc awscreds.Scope) (tokencache.Entry, error) {
	prov, err := s.identityCenterProvider(ctx, e, sc)
	if err != nil {
		return e, err
	}
	e, err = withCredentials(ctx, e, prov)
	sess := prov.Session()
	e.IDCUserID, e.IDCRefreshToken = sess.UserID, sess.RefreshToken
	if !sess.Expires.IsZero() {
		e.IDCTokenExpiry = sess.Expires
	}
	return e, err
}

// identityCenterProvider builds the trusted identity propagation path.
// CreateTokenWithIAM and AssumeRole are signed with the application's own
// credentials (Options.AppConfig), never with the user's.
func (s *Session) identityCenterProvider(ctx context.Context, e tokencache.Entry, sc awscreds.Scope) (*awscreds.IdentityCenterProvider, error) {
	if s.o.AppConfig == nil {
		return nil, errNoAppConfig
	}
	src, err := s.o.AppConfig(ctx)
	if err != nil {
		return nil, err
	}
	keys, err := s.idcKeys(ctx)
	if err != nil {
		return nil, err
	}
	cfg := awscreds.IdentityCenterConfig{ApplicationARN: s.p.IDCApplicationARN, RoleARN: s.p.IDCRoleARN, Keys: keys}
	prov := awscreds.NewIdentityCenterProvider(ssooidc.NewFromConfig(src), sts.NewFromConfig(src), cfg,
		fixedToken{e.IDToken.Reveal(), e.Identity}, s.providerOptions(sc))
	prov.Resume(awscreds.IdentityCenterSession{UserID: e.IDCUserID, RefreshToken: e.IDCRefreshToken})
	return prov, nil
}

// idcKeys locates Identity Center's token signing keys: Options.IDCKeysURL,
// else, for a loopback endpoint_url (the sandbox), its /sandbox/idc/jwks.
func (s *Session) idcKeys(ctx context.Context) (oidc.KeySet, error) {
	u := s.o.IDCKeysURL
	if u == "" && isLoopbackURL(s.p.EndpointURL) {
		u = strings.TrimRight(s.p.EndpointURL, "/") + "/sandbox/idc/jwks"
	}
	if u == "" {
		return nil, errNoIDCKeys
	}
	return oidc.NewRemoteKeySet(oidc.ClientContext(context.WithoutCancel(ctx), s.o.HTTP), u), nil
}

func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}
