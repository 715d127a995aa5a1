package awscreds_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/awscreds"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// asIdentity is a TokenSource that presents a real ID token with another
// verified identity, as an IdP with hostile profile fields would produce.
type asIdentity struct {
	*oidcTokens
	id identity.Identity
}

func (s asIdentity) IDToken(ctx context.Context) (string, identity.Identity, error) {
	raw, _, err := s.oidcTokens.IDToken(ctx)
	return raw, s.id, err
}

// STS-03: whatever the identity's email or subject holds (a name that
// looks like an administrator, commas, 200 characters, control
// characters), and whatever a custom derivation returns, the session name
// sent to STS is one STS accepts, and the session is named after it.
func TestSTS03HostileNamesMakeValidSessions(t *testing.T) {
	w := startWorld(t)
	tokens := w.signIn(t, scenario.Mary)
	role := w.app(t, "oidc").RoleARN
	hostile := func(email, sub string) identity.Identity {
		return identity.Identity{Issuer: tokens.id.Issuer, Subject: sub, Email: email}
	}
	cases := []struct {
		name   string
		id     identity.Identity
		derive func(identity.Identity) string
		want   string // the exact session name, or "" to check only STS's acceptance
	}{
		{"looks like an administrator", hostile("admin@corp", "s"), nil, "admin@corp"},
		{"commas", hostile("a,b@example.com", "s"), nil, "a,b@example.com"},
		{"200 characters", hostile(strings.Repeat("a", 200)+"@example.com", "s"), nil, ""},
		{"control characters", hostile("eve\r\n@example.com\x00", "s"), nil, ""},
		{"subject only, one character", hostile("", "x"), nil, ""},
		{"custom derivation returns a hostile name", tokens.id, func(identity.Identity) string { return "root/../admin name\t" }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := func(o *awscreds.Options) {
				if tc.derive != nil {
					o.SessionName = tc.derive
				}
			}
			p := awscreds.NewWebIdentityProvider(sts.NewFromConfig(w.cfg(aws.AnonymousCredentials{})), role, asIdentity{tokens, tc.id}, opts)
			if _, err := p.Retrieve(context.Background()); err != nil {
				t.Fatalf("STS refused the session name: %v", err)
			}
			es := w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Operation == "AssumeRoleWithWebIdentity" && e.Status == 200 })
			who := es[len(es)-1].Principal
			if who == nil || (tc.want != "" && who.SessionName != tc.want) {
				t.Fatalf("session %+v, want it named %q", who, tc.want)
			}
			if who.Email != scenario.Mary {
				t.Errorf("the session's Email tag is %q, want %s from the token, never from profile fields", who.Email, scenario.Mary)
			}
		})
	}
}

// STS-06: when STS fails (5xx, throttling, a timeout), the provider fails
// with an error a caller can classify, no Q Business request is sent, and
// nothing is signed with the ambient key standing in the environment and
// in the STS client's configuration.
func TestSTS06FailuresFailClosed(t *testing.T) {
	w := startWorld(t)
	ambient := w.info.AdminCredentials
	t.Setenv("AWS_ACCESS_KEY_ID", ambient.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", ambient.SecretAccessKey)
	ambientSTS := sts.NewFromConfig(w.cfg(credentials.NewStaticCredentialsProvider(ambient.AccessKeyID, ambient.SecretAccessKey, "")))
	app := w.app(t, "oidc")
	tokens := w.signIn(t, scenario.Mary)
	cases := []struct {
		name    string
		rule    faults.Rule
		timeout time.Duration
		want    error
	}{
		{"5xx", faults.Rule{FailNext: 10}, 0, awscreds.ErrServiceUnavailable},
		{"throttling", faults.Rule{ThrottleNext: 10}, 0, awscreds.ErrThrottled},
		{"timeout", faults.Rule{Latency: 2 * time.Second}, 50 * time.Millisecond, context.DeadlineExceeded},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mark := w.mark()
			w.sb.Faults.Set("sts", tc.rule)
			t.Cleanup(w.sb.Faults.Reset)
			ctx := context.Background()
			if tc.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			creds := awscreds.Cache(awscreds.NewWebIdentityProvider(ambientSTS, app.RoleARN, tokens), time.Minute)
			_, err := creds.Retrieve(ctx)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if strings.Contains(err.Error(), tokens.raw) {
				t.Error("the error carries the ID token")
			}
			w.chatFails(t, creds, app.ApplicationID)
			after := w.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Seq > mark })
			for _, e := range after {
				if e.Service == "qbusiness" || e.AccessKeyID == ambient.AccessKeyID {
					t.Errorf("%s %s signed by %q after STS failed", e.Service, e.Operation, e.AccessKeyID)
				}
			}
		})
	}
}

// chatFails asks a question with creds and wants it to fail before reaching
// Q Business.
func (w *world) chatFails(t *testing.T, creds aws.CredentialsProvider, appID string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := w.chatErr(ctx, creds, appID)
	if err == nil {
		t.Fatal("ChatSync answered without credentials")
	}
}

func (w *world) chatErr(ctx context.Context, creds aws.CredentialsProvider, appID string) error {
	q := qbusiness.NewFromConfig(w.cfg(creds))
	_, err := q.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: aws.String(appID), UserMessage: aws.String("hi")})
	return err
}
