package samlauth

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/qbiz/qbiz/internal/loopback"
)

// ACSPath is the loopback ACS path.
const ACSPath = "/saml/acs"

// maxACSBody bounds the posted form (SAML-18): a base64 response of
// DefaultMaxResponseBytes plus RelayState.
const maxACSBody = DefaultMaxResponseBytes/3*4 + 8192

// ACS receives one HTTP-POST SAMLResponse on
// http://127.0.0.1:PORT/saml/acs for the CLI (RFC 8252 style). Other paths
// (favicon, probes), GETs, other Host headers, forms without SAMLResponse
// and posts whose RelayState differs from Expect's are answered and ignored.
// The browser is answered only once the response is judged, with a
// redirect to a clean page that says whether the sign-in worked.
type ACS struct {
	*loopback.Listener
}

// acsSpec accepts the posted SAMLResponse whose RelayState is expected.
var acsSpec = loopback.Spec{
	Path:        ACSPath,
	Method:      http.MethodPost,
	Read:        loopback.ReadForm(maxACSBody),
	Field:       "RelayState",
	Require:     []string{"SAMLResponse"},
	ReadTimeout: time.Minute,
	Awaits:      "the SAML response from the browser",
}

// ListenACS listens on an ephemeral port of 127.0.0.1.
func ListenACS(ctx context.Context) (*ACS, error) {
	l, err := loopback.Listen(ctx, acsSpec)
	if err != nil {
		return nil, fmt.Errorf("listen on loopback for the SAML response: %w", err)
	}
	return &ACS{l}, nil
}

// ListenACSAt listens exactly at acsURL, a loopback ACS fixed in advance
// (loopback.ParseAddress) for IdPs that require the exact ACS URL; its
// path replaces ACSPath, and a port in use fails with a
// *loopback.PortInUseError, never another port.
func ListenACSAt(ctx context.Context, acsURL string) (*ACS, error) {
	at, err := loopback.ParseAddress(acsURL)
	if err != nil {
		return nil, fmt.Errorf("ACS URL: %w", err)
	}
	l, err := loopback.ListenAt(ctx, acsSpec, at)
	if err != nil {
		return nil, fmt.Errorf("listen at the ACS URL for the SAML response: %w", err)
	}
	return &ACS{l}, nil
}
