package e2e_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/smithy-go"
)

// userCreds signs user in to profile and returns the credentials qbiz
// prints for them.
func (w *world) userCreds(t *testing.T, profile, user string) processJSON {
	t.Helper()
	w.login(profile, user)
	return parseProcess(t, w.must(w.run(nil, "credentials", "--profile", profile), "credentials").stdout)
}

func (w *world) qbusiness(creds processJSON) *qbusiness.Client {
	return qbusiness.NewFromConfig(aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint),
		HTTPClient: w.sb.HTTPClient(), Credentials: staticCreds(creds)})
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// subscribed sends one ChatSync so that the sandbox's first-call
// subscription answer is out of the way.
func subscribed(t *testing.T, q *qbusiness.Client, appID string) {
	t.Helper()
	_, err := q.ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: aws.String(appID), UserMessage: aws.String("hello")})
	if err != nil && apiCode(err) != "AccessDeniedException" {
		t.Fatalf("first ChatSync: %v", err)
	}
}

// TestSTS07QBusinessTakesThePrincipalFromTheCredentials: with the
// credentials qbiz obtains for two people, the sandbox's Q Business keeps
// each to their own conversations and documents, and refuses identity
// fields in the request. Each refused call breaks one rule; Mary's own
// calls are the positive twins.
func TestSTS07QBusinessTakesThePrincipalFromTheCredentials(t *testing.T) {
	w := newWorld(t)
	w.configure()
	app := w.app("oidc").ApplicationID
	mary := w.qbusiness(w.userCreds(t, "qbiz-sandbox-oidc", "mary_major@example.com"))
	mateo := w.qbusiness(w.userCreds(t, "qbiz-sandbox-oidc", "mateo_jackson@example.com"))
	subscribed(t, mary, app)
	subscribed(t, mateo, app)
	ctx := context.Background()
	acme := "When does the ACME project launch?"
	first, err := mary.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: aws.String(app), UserMessage: aws.String(acme)})
	if err != nil || !citesACME(first) {
		t.Fatalf("positive twin: Mary's ACME answer: %v", err)
	}
	cases := []struct {
		name string
		call func() error
		code string
	}{
		{"Mateo continues Mary's conversation", func() error {
			_, err := mateo.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: aws.String(app), UserMessage: aws.String("and?"),
				ConversationId: first.ConversationId, ParentMessageId: first.SystemMessageId})
			return err
		}, "ResourceNotFoundException"},
		{"Mateo lists Mary's messages", func() error {
			_, err := mateo.ListMessages(ctx, &qbusiness.ListMessagesInput{ApplicationId: aws.String(app), ConversationId: first.ConversationId})
			return err
		}, "ResourceNotFoundException"},
		{"Mateo names Mary in userId", func() error {
			_, err := mateo.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: aws.String(app), UserMessage: aws.String(acme),
				UserId: aws.String("mary_major@example.com")})
			return err
		}, "AccessDeniedException"},
	}
	for _, tc := range cases {
		if err := tc.call(); apiCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if _, err := mary.ListMessages(ctx, &qbusiness.ListMessagesInput{ApplicationId: aws.String(app), ConversationId: first.ConversationId}); err != nil {
		t.Errorf("positive twin: Mary lists her messages: %v", err)
	}
	out, err := mateo.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: aws.String(app), UserMessage: aws.String(acme)})
	if err != nil || citesACME(out) {
		t.Errorf("Mateo's ACME question cites an ACME document only Mary may read (err %v)", err)
	}
}

func citesACME(out *qbusiness.ChatSyncOutput) bool {
	for _, a := range out.SourceAttributions {
		if strings.Contains(strings.ToUpper(aws.ToString(a.Title)), "ACME") {
			return true
		}
	}
	return false
}

// TestCRED08LeastPrivilege: a user's credentials reach only the
// conversation actions of the profile's one application, and last no
// longer than an hour. Each refused call breaks one of "that action",
// "that application".
func TestCRED08LeastPrivilege(t *testing.T) {
	w := newWorld(t)
	w.configure()
	creds := w.userCreds(t, "qbiz-sandbox-oidc", "mary_major@example.com")
	if left := time.Until(creds.Expiration); left > time.Hour+time.Minute {
		t.Errorf("credentials last %v, want at most an hour", left)
	}
	q := w.qbusiness(creds)
	own, other := w.app("oidc").ApplicationID, w.app("saml").ApplicationID
	subscribed(t, q, own)
	ctx := context.Background()
	if _, err := q.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: aws.String(own)}); err != nil {
		t.Fatalf("positive twin: ListConversations on the profile's application: %v", err)
	}
	if _, err := q.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: aws.String(other)}); apiCode(err) != "AccessDeniedException" {
		t.Errorf("ListConversations on another application: %v, want AccessDeniedException", err)
	}
	if _, err := q.ListIndices(ctx, &qbusiness.ListIndicesInput{ApplicationId: aws.String(own)}); apiCode(err) != "AccessDeniedException" {
		t.Errorf("ListIndices (an administrator's action) on the profile's application: %v, want AccessDeniedException", err)
	}
}

var errorCode = regexp.MustCompile(`<Code>([^<]+)</Code>`)

// TestSTS08SignatureAndSessionTokenVerified: a GetCallerIdentity signed
// with a user's session credentials by the Go SDK's signer is accepted;
// each request below breaks one part of SigV4 or the session token and is
// refused with AWS's code. (Expired credentials and a wrong service scope:
// TestSigV4ThroughGate in the sandbox's STS.)
func TestSTS08SignatureAndSessionTokenVerified(t *testing.T) {
	w := newWorld(t)
	w.configure()
	p := w.userCreds(t, "qbiz-sandbox-oidc", "mary_major@example.com")
	creds := aws.Credentials{AccessKeyID: p.AccessKeyId, SecretAccessKey: p.SecretAccessKey, SessionToken: p.SessionToken}
	const body = "Action=GetCallerIdentity&Version=2011-06-15"
	wrongSecret := creds
	wrongSecret.SecretAccessKey += "x"
	noToken := creds
	noToken.SessionToken = ""
	cases := []struct {
		name   string
		creds  aws.Credentials
		region string
		at     time.Time
		after  func(*http.Request)
		code   string
	}{
		{"positive twin", creds, w.info.Region, time.Now(), nil, ""},
		{"wrong secret", wrongSecret, w.info.Region, time.Now(), nil, "SignatureDoesNotMatch"},
		{"body changed after signing", creds, w.info.Region, time.Now(), func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(body + "&x=1"))
			r.ContentLength = int64(len(body) + 4)
		}, "SignatureDoesNotMatch"},
		{"session token missing", noToken, w.info.Region, time.Now(), nil, "InvalidClientTokenId"},
		{"session token changed", creds, w.info.Region, time.Now(), func(r *http.Request) {
			r.Header.Set("X-Amz-Security-Token", creds.SessionToken+"x")
		}, "InvalidClientTokenId"},
		{"signed 20 minutes ago", creds, w.info.Region, time.Now().Add(-20 * time.Minute), nil, "SignatureDoesNotMatch"},
		{"scope of another region", creds, "eu-west-1", time.Now(), nil, "SignatureDoesNotMatch"},
	}
	for _, tc := range cases {
		req, err := http.NewRequest(http.MethodPost, w.info.Endpoint+"/", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		sum := sha256.Sum256([]byte(body))
		if err := v4.NewSigner().SignHTTP(context.Background(), tc.creds, req, hex.EncodeToString(sum[:]), "sts", tc.region, tc.at); err != nil {
			t.Fatal(err)
		}
		if tc.after != nil {
			tc.after(req)
		}
		resp, err := w.sb.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		code := ""
		if m := errorCode.FindSubmatch(b); m != nil {
			code = string(m[1])
		}
		if (tc.code == "" && resp.StatusCode != 200) || (tc.code != "" && (resp.StatusCode != 403 || code != tc.code)) {
			t.Errorf("%s: HTTP %d %s, want %q", tc.name, resp.StatusCode, code, tc.code)
		}
	}
}
