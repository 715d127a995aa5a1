package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/provision/diagnose"
)

// maxDiscovery bounds the discovery document read.
const maxDiscovery = 1 << 20

// warnTagsClaim warns when the issuer's discovery document lists the
// claims it sends and https://aws.amazon.com/tags is not among them: Q
// Business knows an IAM-federated user only by the Email session tag STS
// takes from that claim, so every chat would be refused. A document that
// cannot be read, or lists no claims, says nothing either way.
func (a *app) warnTagsClaim(ctx context.Context, issuer, clientID string) {
	claims, err := a.issuerClaims(ctx, issuer)
	if err != nil {
		a.log.Debug("issuer discovery not read; tags claim not checked", "issuer", issuer, "err", err)
		return
	}
	if claims == nil || slices.Contains(claims, diagnose.TagsClaim) {
		return
	}
	fmt.Fprintf(a.env.Stderr, `warning: the issuer's discovery document does not list the claim %[1]s among the claims it sends.
  Q Business knows a user of an AWS_IAM_IDP_OIDC application only by the Email session tag, which STS takes
  from that claim: without it, sign-in works but Q Business refuses every chat ("User is not authorized for
  this service call"). Have the IdP put it in the ID token for client %[2]s, as
  %[1]s = {"principal_tags": {"Email": ["<the user's email>"]}}
  (Okta: a custom claim of the authorization server; Entra ID: a claims mapping policy; Cognito: a pre token
  generation trigger). An IdP that cannot add claims (Dex, for one) works with --mode idc instead, where
  Identity Center finds the user by the token's email.
`, diagnose.TagsClaim, clientID)
}

// issuerClaims reads claims_supported from the issuer's discovery
// document; nil when the document lists none.
func (a *app) issuerClaims(ctx context.Context, issuer string) ([]string, error) {
	url := strings.TrimSuffix(issuer, "/") + config.WellKnownSuffix
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: HTTP %d", url, resp.StatusCode)
	}
	var doc struct {
		Claims []string `json:"claims_supported"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxDiscovery)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	return doc.Claims, nil
}
