package sandbox_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/sandbox"
)

func getJSON(t *testing.T, w *world, path string, v any) {
	t.Helper()
	if err := json.Unmarshal(fetch(t, w.sb.HTTPClient(), w.sb.URL+path), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func sortedKeys(m map[string]any) []string {
	k := keys(m)
	slices.Sort(k)
	return k
}

func TestInfoShape(t *testing.T) {
	w := startWorld(t, sandbox.Options{})
	var info map[string]any
	getJSON(t, w, "/sandbox/info", &info)
	want := map[string][]string{
		"":         {"account", "admin_credentials", "applications", "endpoint", "idc_jwks_url", "oidc", "region", "saml", "users"},
		"oidc":     {"clients", "issuer"},
		"saml":     {"entity_id", "metadata_url", "sp_entity_id", "sso_url"},
		"admin":    {"access_key_id", "secret_access_key"},
		"user":     {"email", "groups", "password", "username"},
		"client":   {"client_id", "client_secret", "redirect_uris"},
		"oidc-app": {"application_id", "client_id", "index_id", "mode", "provider_arn", "role_arn"},
		"saml-app": {"application_id", "index_id", "mode", "provider_arn", "role_arn"},
		"idc-app":  {"application_id", "client_id", "idc_application_arn", "index_id", "mode", "role_arn"},
	}
	got := map[string][]string{"": sortedKeys(info), "oidc": sortedKeys(info["oidc"].(map[string]any)),
		"saml": sortedKeys(info["saml"].(map[string]any)), "admin": sortedKeys(info["admin_credentials"].(map[string]any)),
		"user":   sortedKeys(info["users"].([]any)[0].(map[string]any)),
		"client": sortedKeys(info["oidc"].(map[string]any)["clients"].([]any)[0].(map[string]any))}
	for _, a := range info["applications"].([]any) {
		app := a.(map[string]any)
		got[app["mode"].(string)+"-app"] = sortedKeys(app)
	}
	for k, v := range want {
		if !slices.Equal(got[k], v) {
			t.Errorf("%q keys %v, want %v", k, got[k], v)
		}
	}
	if info["account"] != sandbox.Account || info["region"] != sandbox.Region || info["endpoint"] != w.sb.URL {
		t.Errorf("account/region/endpoint %v %v %v", info["account"], info["region"], info["endpoint"])
	}
	cli := info["oidc"].(map[string]any)["clients"].([]any)
	if len(cli) != 2 || info["saml"].(map[string]any)["sp_entity_id"] != "urn:qbiz:sp" {
		t.Errorf("clients %v, saml %v", cli, info["saml"])
	}
}

func TestAWSConfigProfiles(t *testing.T) {
	w := startWorld(t, sandbox.Options{})
	cfg := string(fetch(t, w.sb.HTTPClient(), w.sb.URL+"/sandbox/aws-config"))
	for _, mode := range []string{"oidc", "saml", "idc"} {
		app := w.app(t, mode)
		if !strings.Contains(cfg, "[profile qbiz-sandbox-"+mode+"]") || !strings.Contains(cfg, "qbiz_application_id = "+app.ApplicationID) {
			t.Errorf("aws-config lacks the %s profile:\n%s", mode, cfg)
		}
	}
	if !strings.Contains(cfg, "endpoint_url = "+w.sb.URL) || strings.Contains(cfg, w.info.AdminCredentials.SecretAccessKey) {
		t.Errorf("aws-config endpoint or secret handling wrong:\n%s", cfg)
	}
}

func TestEmptyScenario(t *testing.T) {
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioEmpty})
	if len(w.info.Users) != 3 || w.info.AdminCredentials.AccessKeyID == "" || len(w.info.Applications) != 0 {
		t.Fatalf("empty world: %d users, admin %q, %d applications", len(w.info.Users), w.info.AdminCredentials.AccessKeyID, len(w.info.Applications))
	}
	out, err := qbusiness.NewFromConfig(w.cfg(w.admin())).ListApplications(context.Background(), &qbusiness.ListApplicationsInput{})
	if err != nil || len(out.Applications) != 0 {
		t.Errorf("ListApplications: %v %+v", err, out)
	}
	if _, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0", Scenario: "bogus"}); err == nil {
		t.Error("unknown scenario accepted")
	}
}

// TestTLSMode serves HTTPS with a generated CA and has an SDK client that
// trusts only that CA (as AWS_CA_BUNDLE would) complete a ChatSync over h2.
func TestTLSMode(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "ca.pem")
	w := startWorld(t, sandbox.Options{TLS: true, CAFile: ca})
	if !strings.HasPrefix(w.sb.URL, "https://") || w.info.CABundle != ca {
		t.Fatalf("URL %s, ca_bundle %q", w.sb.URL, w.info.CABundle)
	}
	pem, err := os.ReadFile(ca)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("CA file holds no certificate")
	}
	var protos []string
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, ForceAttemptHTTP2: true}
	w.rec.next = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := tr.RoundTrip(r)
		if err == nil {
			protos = append(protos, resp.Proto)
		}
		return resp, err
	})}
	q := qbusiness.NewFromConfig(w.cfg(w.oidcCreds(t, mary)))
	out := subscribeAndChat(t, q, w.app(t, "oidc").ApplicationID, "When does the ACME project launch?")
	if !strings.Contains(citations(out), "ACME") || !slices.Contains(protos, "HTTP/2.0") {
		t.Errorf("citations %q over %v", citations(out), protos)
	}
	if _, err := (&http.Client{}).Get(w.sb.URL + "/sandbox/info"); err == nil {
		t.Error("a client without the CA trusted the sandbox")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestFaultInjection(t *testing.T) {
	w := startWorld(t, sandbox.Options{})
	creds := w.oidcCreds(t, mary)
	q := qbusiness.NewFromConfig(w.cfg(creds))
	appID := w.app(t, "oidc").ApplicationID
	subscribeAndChat(t, q, appID, "hello")
	post(t, w, "/sandbox/faults", `{"qbusiness":{"throttle_next":1}}`, http.StatusOK)
	in := &qbusiness.ChatSyncInput{ApplicationId: &appID, UserMessage: aws.String("hello")}
	if _, err := q.ChatSync(context.Background(), in); !hasCode(err, "ThrottlingException") {
		t.Errorf("throttled ChatSync: %v", err)
	}
	if _, err := q.ChatSync(context.Background(), in); err != nil {
		t.Errorf("ChatSync after the throttle: %v", err)
	}
	post(t, w, "/sandbox/sessions/revoke", "", http.StatusNoContent)
	_, err := q.ChatSync(context.Background(), in)
	if code, _ := apiError(err); !strings.Contains(code, "Expired") && code != "InvalidClientTokenId" && code != "UnrecognizedClientException" {
		t.Errorf("ChatSync with revoked session: %v", err)
	}
	_, err = sts.NewFromConfig(w.cfg(creds)).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if code, _ := apiError(err); !strings.Contains(code, "Expired") && code != "InvalidClientTokenId" {
		t.Errorf("GetCallerIdentity with revoked session: %v", err)
	}
	if _, err := q.ChatSync(context.Background(), in); err == nil {
		t.Error("revoked credentials worked again")
	}
	post(t, w, "/sandbox/faults", `{"qbusiness":{"bogus":1}}`, http.StatusBadRequest)
}

func hasCode(err error, code string) bool {
	c, _ := apiError(err)
	return c == code
}

func post(t *testing.T, w *world, path, body string, want int) {
	t.Helper()
	resp, err := w.sb.HTTPClient().Post(w.sb.URL+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("POST %s: %d, want %d", path, resp.StatusCode, want)
	}
}
