package tokencache

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

// Entry is everything cached for one signed-in user of one profile.
// Secret fields print and marshal as REDACTED; the store serialises them
// through a private wire form.
type Entry struct {
	Identity identity.Identity
	Mode     identity.Mode

	IDToken          logging.Secret
	IDTokenExpiry    time.Time
	RefreshToken     logging.Secret
	RefreshExpiry    time.Time // end of the refresh token, when the IdP said (zero: unknown)
	IdPSessionExpiry time.Time // end of the IdP session (SAML SessionNotOnOrAfter, a gateway's max_age)

	IDCAccessToken   logging.Secret
	IDCRefreshToken  logging.Secret
	IDCTokenExpiry   time.Time // end of the Identity Center token last issued
	IDCUserID        string
	IDCRefreshExpiry time.Time // zero: unknown (CreateTokenWithIAM does not say)

	// Settings are the profile settings the sign-in was made with
	// (issuer, client, role…: nothing secret), so a cached sign-in is
	// never served for a profile that has since changed them.
	Settings map[string]string

	AWS Credentials
	// Scoped are credentials made under a session policy, by the scope's
	// key (a digest of the policy and the tool's name), apart from AWS.
	Scoped map[string]Credentials
}

// Credentials are short-lived AWS credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey logging.Secret
	SessionToken    logging.Secret
	Expiration      time.Time
}

// Valid reports whether the credentials are complete and do not expire
// within margin of now.
func (c Credentials) Valid(now time.Time, margin time.Duration) bool {
	return c.AccessKeyID != "" && !c.SecretAccessKey.IsZero() &&
		!c.Expiration.IsZero() && now.Add(margin).Before(c.Expiration)
}

const wireVersion = 1

// wireEntry is the stored JSON form, the only place secrets are plain
// strings.
type wireEntry struct {
	Version          int                        `json:"v"`
	Identity         identity.Identity          `json:"identity"`
	Mode             identity.Mode              `json:"mode,omitempty"`
	IDToken          string                     `json:"id_token,omitempty"`
	IDTokenExpiry    time.Time                  `json:"id_token_expiry,omitzero"`
	RefreshToken     string                     `json:"refresh_token,omitempty"`
	RefreshExpiry    time.Time                  `json:"refresh_expiry,omitzero"`
	IdPSessionExpiry time.Time                  `json:"idp_session_expiry,omitzero"`
	IDCAccessToken   string                     `json:"idc_access_token,omitempty"`
	IDCRefreshToken  string                     `json:"idc_refresh_token,omitempty"`
	IDCTokenExpiry   time.Time                  `json:"idc_token_expiry,omitzero"`
	IDCUserID        string                     `json:"idc_user_id,omitempty"`
	IDCRefreshExpiry time.Time                  `json:"idc_refresh_expiry,omitzero"`
	AccessKeyID      string                     `json:"access_key_id,omitempty"`
	SecretAccessKey  string                     `json:"secret_access_key,omitempty"`
	SessionToken     string                     `json:"session_token,omitempty"`
	Expiration       time.Time                  `json:"expiration,omitzero"`
	Settings         map[string]string          `json:"settings,omitempty"`
	Scoped           map[string]wireCredentials `json:"scoped,omitempty"`
}

// wireCredentials is the stored form of scoped credentials.
type wireCredentials struct {
	AccessKeyID     string    `json:"access_key_id"`
	SecretAccessKey string    `json:"secret_access_key"`
	SessionToken    string    `json:"session_token,omitempty"`
	Expiration      time.Time `json:"expiration,omitzero"`
}

func encodeScoped(m map[string]Credentials) map[string]wireCredentials {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]wireCredentials, len(m))
	for k, c := range m {
		out[k] = wireCredentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey.Reveal(),
			SessionToken: c.SessionToken.Reveal(), Expiration: c.Expiration}
	}
	return out
}

func decodeScoped(m map[string]wireCredentials) map[string]Credentials {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]Credentials, len(m))
	for k, c := range m {
		out[k] = Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: logging.Secret(c.SecretAccessKey),
			SessionToken: logging.Secret(c.SessionToken), Expiration: c.Expiration}
	}
	return out
}

func encodeEntry(e Entry) ([]byte, error) {
	return json.Marshal(wireEntry{
		Version: wireVersion, Identity: e.Identity, Mode: e.Mode,
		IDToken: e.IDToken.Reveal(), IDTokenExpiry: e.IDTokenExpiry,
		RefreshToken: e.RefreshToken.Reveal(), RefreshExpiry: e.RefreshExpiry, IdPSessionExpiry: e.IdPSessionExpiry,
		IDCAccessToken: e.IDCAccessToken.Reveal(), IDCRefreshToken: e.IDCRefreshToken.Reveal(),
		IDCTokenExpiry: e.IDCTokenExpiry, IDCUserID: e.IDCUserID, IDCRefreshExpiry: e.IDCRefreshExpiry,
		AccessKeyID: e.AWS.AccessKeyID, SecretAccessKey: e.AWS.SecretAccessKey.Reveal(),
		SessionToken: e.AWS.SessionToken.Reveal(), Expiration: e.AWS.Expiration,
		Settings: e.Settings, Scoped: encodeScoped(e.Scoped),
	})
}

// decodeEntry never echoes the input in its error: it is full of secrets.
func decodeEntry(b []byte) (Entry, error) {
	var w wireEntry
	if err := json.Unmarshal(b, &w); err != nil {
		return Entry{}, fmt.Errorf("%w: undecodable entry", ErrCorrupt)
	}
	if w.Version != wireVersion {
		return Entry{}, fmt.Errorf("%w: entry version %d", ErrCorrupt, w.Version)
	}
	return Entry{
		Identity: w.Identity, Mode: w.Mode,
		IDToken: logging.Secret(w.IDToken), IDTokenExpiry: w.IDTokenExpiry,
		RefreshToken: logging.Secret(w.RefreshToken), RefreshExpiry: w.RefreshExpiry, IdPSessionExpiry: w.IdPSessionExpiry,
		IDCAccessToken: logging.Secret(w.IDCAccessToken), IDCRefreshToken: logging.Secret(w.IDCRefreshToken),
		IDCTokenExpiry: w.IDCTokenExpiry, IDCUserID: w.IDCUserID, IDCRefreshExpiry: w.IDCRefreshExpiry,
		AWS: Credentials{AccessKeyID: w.AccessKeyID, SecretAccessKey: logging.Secret(w.SecretAccessKey),
			SessionToken: logging.Secret(w.SessionToken), Expiration: w.Expiration},
		Settings: w.Settings, Scoped: decodeScoped(w.Scoped),
	}, nil
}
