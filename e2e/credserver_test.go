package e2e_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// childVar makes the test binary act as a program run by qbiz exec.
const childVar = "QBIZ_E2E_CHILD"

// endpoint is one running qbiz serve-credentials.
type endpoint struct{ url, token string }

// serveCredentials starts the built qbiz serve-credentials and reads
// the lines it prints; it is interrupted when the test ends.
func (w *world) serveCredentials(args ...string) endpoint {
	w.t.Helper()
	cmd := exec.Command(qbizBin, append([]string{"serve-credentials"}, args...)...)
	cmd.Env = environ(w.vars)
	out, err := cmd.StdoutPipe()
	if err != nil {
		w.t.Fatal(err)
	}
	var errb strings.Builder
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		if strings.Contains(errb.String(), "AWS_CONTAINER_AUTHORIZATION_TOKEN=") {
			w.t.Errorf("the token reached stderr")
		}
	})
	var e endpoint
	sc := bufio.NewScanner(out)
	for (e.url == "" || e.token == "") && sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "export AWS_CONTAINER_CREDENTIALS_FULL_URI="); ok {
			e.url = strings.Trim(v, "'")
		}
		if v, ok := strings.CutPrefix(line, "export AWS_CONTAINER_AUTHORIZATION_TOKEN="); ok {
			e.token = strings.Trim(v, "'")
		}
	}
	if e.url == "" || e.token == "" {
		w.t.Fatalf("serve-credentials printed no endpoint; stderr: %s", errb.String())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return e
}

// fetch is one credential fetch by the SDK's container provider, uncached.
func (e endpoint) fetch(t testing.TB, token string) (aws.Credentials, error) {
	t.Helper()
	return endpointcreds.New(e.url, func(o *endpointcreds.Options) { o.AuthorizationToken = token }).Retrieve(context.Background())
}

// sdkConfig loads the SDK's default configuration with only the endpoint's
// variables set, as a program started with them would.
func (e endpoint) sdkConfig(t *testing.T, w *world) aws.Config {
	t.Helper()
	for _, k := range []string{"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", e.url)
	t.Setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", e.token)
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion(w.info.Region),
		config.WithBaseEndpoint(w.info.Endpoint))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestCredentialEndpointSDK: the SDK's default chain reads the endpoint
// through AWS_CONTAINER_CREDENTIALS_FULL_URI and its token, and the
// credentials chat as the user; without the token, or with another, 403.
func TestCredentialEndpointSDK(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	e := w.serveCredentials("--profile", "qbiz-sandbox-oidc")
	cfg := e.sdkConfig(t, w)
	c, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil || c.Source != endpointcreds.ProviderName || !c.CanExpire || !c.Expires.After(time.Now()) {
		t.Fatalf("retrieve through the default chain: %+v, %v", c.Source, err)
	}
	entry, _ := w.chat(cfg.Credentials, w.app("oidc").ApplicationID, "ACME status?")
	if entry.Status != 200 || entry.Principal == nil || !strings.Contains(entry.Principal.ARN, "mary_major") {
		t.Errorf("chat through the endpoint's credentials: %+v", entry)
	}
	for name, token := range map[string]string{"no token": "", "wrong token": e.token[:len(e.token)-1] + "x", "bearer": "Bearer " + e.token} {
		_, err := e.fetch(t, token)
		var re interface{ HTTPStatusCode() int }
		if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusForbidden {
			t.Errorf("%s: %v, want 403", name, err)
		}
	}
}

// TestCredentialEndpointRenews: with credentials that live less than the
// refresh margin, each fetch is served renewed credentials, never
// expired ones; N concurrent fetches of stale credentials make one STS
// exchange.
func TestCredentialEndpointRenews(t *testing.T) {
	t.Run("near expiry", func(t *testing.T) {
		w := newWorld(t)
		w.configure()
		w.postFaults(`{"sts":{"credential_lifetime":"4m"}}`)
		w.login("qbiz-sandbox-oidc", "mary_major@example.com")
		e := w.serveCredentials("--profile", "qbiz-sandbox-oidc")
		before := w.ledgerCount("AssumeRoleWithWebIdentity")
		a, errA := e.fetch(t, e.token)
		b, errB := e.fetch(t, e.token)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if a.AccessKeyID == b.AccessKeyID || w.ledgerCount("AssumeRoleWithWebIdentity")-before != 2 {
			t.Errorf("credentials within the margin were not renewed (%d exchanges)", w.ledgerCount("AssumeRoleWithWebIdentity")-before)
		}
		for _, c := range []aws.Credentials{a, b} {
			if !c.Expires.After(time.Now()) {
				t.Errorf("served expired credentials: %v", c.Expires)
			}
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		w := newWorld(t)
		w.configure()
		w.login("qbiz-sandbox-idc", "mary_major@example.com")
		e := w.serveCredentials("--profile", "qbiz-sandbox-idc")
		w.age("qbiz-sandbox-idc", false)
		before := w.ledgerCount("AssumeRole")
		keys := make([]string, 8)
		var wg sync.WaitGroup
		for i := range keys {
			wg.Go(func() {
				c, err := e.fetch(t, e.token)
				if err != nil {
					t.Error(err)
				}
				keys[i] = c.AccessKeyID
			})
		}
		wg.Wait()
		if n := w.ledgerCount("AssumeRole") - before; n != 1 {
			t.Errorf("8 concurrent fetches made %d exchanges, want 1", n)
		}
		for _, k := range keys {
			if k != keys[0] {
				t.Errorf("fetches got different keys: %v", keys)
				break
			}
		}
	})
}

// TestExecServerChild: a child of qbiz exec --server has no static keys,
// and its SDK calls STS through the endpoint as the signed-in user; with
// --scope the role session name carries the tool's name.
func TestExecServerChild(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		flags []string
		arn   string
	}{
		{"unscoped", nil, "/mary_major@example.com\n"},
		{"scoped", []string{"--scope", "qbusiness:read"}, "/mary_major@example.com+e2e.test\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"exec", "--server", "--profile", "qbiz-sandbox-oidc"}, tc.flags...)
			args = append(args, "--", self, "-test.run=^TestExecServerChildProcess$")
			r := w.runEnv(nil, map[string]string{childVar: "1"}, args...)
			if r.code != 0 || !strings.Contains(r.stdout, "static=none\n") || !strings.HasSuffix(strings.TrimSuffix(r.stdout, "PASS\n"), tc.arn) {
				t.Errorf("child: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestExecServerChildProcess is the program qbiz exec runs above.
func TestExecServerChildProcess(t *testing.T) {
	if os.Getenv(childVar) == "" {
		t.Skip("run by TestExecServerChild")
	}
	if os.Getenv("AWS_ACCESS_KEY_ID") != "" || os.Getenv("AWS_SESSION_TOKEN") != "" {
		fmt.Println("static=set")
	} else {
		fmt.Println("static=none")
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(aws.ToString(out.Arn))
}

// TestScopedCredentials: under qbusiness:read a conversation can be
// listed but not deleted, and feedback is refused; the same user's
// unscoped credentials delete it. Scoped and unscoped credentials are
// cached apart.
func TestScopedCredentials(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	app := w.app("oidc").ApplicationID
	full := staticCreds(parseProcess(t, w.must(w.run(nil, "credentials", "--profile", "qbiz-sandbox-oidc"), "credentials").stdout))
	q := func(creds aws.CredentialsProvider) *qbusiness.Client {
		return qbusiness.NewFromConfig(aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint),
			HTTPClient: w.sb.HTTPClient(), Credentials: creds})
	}
	w.chat(full, app, "ACME status?")
	out, err := q(full).ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: &app, UserMessage: aws.String("Status?")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e := w.serveCredentials("--profile", "qbiz-sandbox-oidc", "--scope", "qbusiness:read")
	scoped := q(e.sdkConfig(t, w).Credentials)
	if _, err := scoped.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: &app}); err != nil {
		t.Errorf("ListConversations under qbusiness:read: %v", err)
	}
	_, err = scoped.PutFeedback(ctx, &qbusiness.PutFeedbackInput{ApplicationId: &app, ConversationId: out.ConversationId,
		MessageId: out.SystemMessageId})
	wantDenied(t, "PutFeedback", err)
	_, err = scoped.DeleteConversation(ctx, &qbusiness.DeleteConversationInput{ApplicationId: &app, ConversationId: out.ConversationId})
	wantDenied(t, "DeleteConversation", err)
	if _, err := q(full).DeleteConversation(ctx, &qbusiness.DeleteConversationInput{ApplicationId: &app, ConversationId: out.ConversationId}); err != nil {
		t.Errorf("DeleteConversation unscoped: %v", err)
	}
	en := w.store().mustGet(t, "qbiz-sandbox-oidc")
	if len(en.Scoped) != 1 {
		t.Errorf("scoped credentials cached %d times, want once apart", len(en.Scoped))
	}
	for _, c := range en.Scoped {
		if c.AccessKeyID == en.AWS.AccessKeyID {
			t.Errorf("scoped and unscoped credentials share a key")
		}
	}
}

func wantDenied(t *testing.T, op string, err error) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDeniedException" || !strings.Contains(ae.ErrorMessage(), "qbusiness:"+op) {
		t.Errorf("%s under qbusiness:read: %v, want AccessDeniedException", op, err)
	}
}

// BenchmarkEndpointVsCredentials interleaves one SDK credential fetch
// from qbiz serve-credentials (the container provider, uncached) with
// one `qbiz credentials` process on the same warm sign-in, and reports
// their ratio.
func BenchmarkEndpointVsCredentials(b *testing.B) {
	w := warmWorld(b)
	e := w.serveCredentials("--profile", "qbiz-sandbox-oidc")
	var endpoint, process time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := e.fetch(b, e.token); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if r := w.runBinary(context.Background(), "credentials", "--profile", "qbiz-sandbox-oidc"); r.code != 0 {
			b.Fatalf("credentials: %s", r.stderr)
		}
		endpoint, process = endpoint+t1.Sub(t0), process+time.Since(t1)
	}
	b.ReportMetric(float64(process)/float64(endpoint), "x-faster")
	b.ReportMetric(float64(endpoint.Microseconds())/float64(b.N), "endpoint-us/op")
	b.ReportMetric(float64(process.Microseconds())/float64(b.N), "process-us/op")
}
