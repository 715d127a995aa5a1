package signin

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/logging"
)

// Options are what a Session needs besides the profile and the store.
type Options struct {
	// HTTP carries the calls to the identity provider and the sign-in
	// calls to AWS.
	HTTP *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives debug records; nil discards them.
	Logger *slog.Logger
	// ClientSecret is the OIDC client's secret when the store holds none
	// for the profile (see ClientSecrets); empty for a public client.
	ClientSecret logging.Secret
	// AppConfig returns the Identity Center application's own AWS
	// configuration (qbiz_idc_source_profile), which signs
	// CreateTokenWithIAM and AssumeRole; only mode idc calls it.
	AppConfig func(context.Context) (aws.Config, error)
	// IDCKeysURL locates Identity Center's token signing keys; empty
	// means the sandbox's for a loopback endpoint_url.
	IDCKeysURL string
}

// Session is one person's sign-in for one profile. It is safe for
// concurrent use; renewals are single-flight through the store's lock.
type Session struct {
	p     config.Profile
	store Store
	o     Options
}

// New returns the session of profile p kept in store.
func New(p config.Profile, store Store, o Options) *Session {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = logging.Discard()
	}
	if o.HTTP == nil {
		o.HTTP = http.DefaultClient
	}
	return &Session{p: p, store: store, o: o}
}

// Profile is the session's profile.
func (s *Session) Profile() config.Profile { return s.p }
