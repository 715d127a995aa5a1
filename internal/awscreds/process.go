package awscreds

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/logging"
)

// ProcessVersion is the credential_process payload version.
const ProcessVersion = 1

// ProcessCredentials is the JSON an AWS credential_process prints. It
// renders as REDACTED through fmt and slog; only MarshalProcess (or
// encoding/json) writes the values.
type ProcessCredentials struct {
	Version         int
	AccessKeyId     string //nolint:revive // the wire name
	SecretAccessKey string
	SessionToken    string     `json:",omitempty"`
	Expiration      *time.Time `json:",omitempty"`
}

// MarshalJSON writes the credential_process fields; Expiration is RFC 3339
// in UTC with second precision, as the AWS CLI and SDKs expect.
func (p ProcessCredentials) MarshalJSON() ([]byte, error) {
	type wire struct {
		Version         int
		AccessKeyId     string //nolint:revive // the wire name
		SecretAccessKey string
		SessionToken    string `json:",omitempty"`
		Expiration      string `json:",omitempty"`
	}
	w := wire{Version: p.Version, AccessKeyId: p.AccessKeyId, SecretAccessKey: p.SecretAccessKey, SessionToken: p.SessionToken}
	if p.Expiration != nil {
		w.Expiration = p.Expiration.UTC().Format(time.RFC3339)
	}
	return json.Marshal(w)
}

// String implements fmt.Stringer without the secrets.
func (p ProcessCredentials) String() string {
	return fmt.Sprintf("ProcessCredentials{AccessKeyId: %s, SecretAccessKey: %s, SessionToken: %s}",
		p.AccessKeyId, logging.Redacted, logging.Redacted)
}

// GoString implements fmt.GoStringer (%#v) without the secrets.
func (p ProcessCredentials) GoString() string { return "awscreds." + p.String() }

// Format renders every verb as String, so %v and %+v never print secrets.
func (p ProcessCredentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, p.GoString())
		return
	}
	fmt.Fprint(f, p.String())
}

// LogValue implements slog.LogValuer.
func (p ProcessCredentials) LogValue() slog.Value {
	return slog.GroupValue(slog.String("access_key_id", p.AccessKeyId), slog.String("secret_access_key", logging.Redacted))
}

// ErrCredentialsExpired is returned by MarshalProcess for credentials
// that have already expired: those are never handed out.
var ErrCredentialsExpired = errors.New("credentials have expired")

// MarshalProcess renders c as credential_process JSON (Version 1).
func MarshalProcess(c aws.Credentials) ([]byte, error) {
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return nil, errors.New("credential_process output: incomplete credentials")
	}
	p := ProcessCredentials{Version: ProcessVersion, AccessKeyId: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}
	if c.CanExpire {
		if c.Expired() {
			return nil, fmt.Errorf("credential_process output: %w", ErrCredentialsExpired)
		}
		exp := c.Expires
		p.Expiration = &exp
	}
	return json.Marshal(p)
}
