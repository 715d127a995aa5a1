package sandbox_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// TestFaultsTakeDurations: POST /sandbox/faults takes the durations the
// README writes ("200ms"), keeps integer nanoseconds, and refuses anything
// else with a 400 naming the service and the field.
func TestFaultsTakeDurations(t *testing.T) {
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioEmpty})
	status, _ := postBody(t, w, `{"iam":{"latency":"200ms"},"sts":{"credential_lifetime":"15m","fail_next":1},"secretsmanager":{"latency":1000}}`)
	if status != http.StatusOK {
		t.Fatalf("duration strings: status %d", status)
	}
	var rules map[string]map[string]any
	getJSON(t, w, "/sandbox/faults", &rules)
	if rules["iam"]["latency"] != "200ms" || rules["sts"]["credential_lifetime"] != "15m0s" || rules["secretsmanager"]["latency"] != "1µs" {
		t.Fatalf("rules read back as %v", rules)
	}
	for _, tc := range []struct{ body, names string }{
		{`{"qbusiness":{"latency":"soon"}}`, `fault rule qbusiness: latency: "soon" is not a duration`},
		{`{"sts":{"credential_lifetime":true}}`, "fault rule sts: credential_lifetime: true is not a duration"},
		{`{"sts":{"credential_lifetime":"-1m"}}`, "fault rule sts: credential_lifetime"},
		{`{"iam":{"latency":"1s"},"sts":{"latency":"1 second"}}`, "fault rule sts: latency"},
		{`{"qbusiness":{"bogus":1}}`, `fault rule qbusiness: json: unknown field "bogus"`},
		{`[]`, "JSON object"},
	} {
		status, body := postBody(t, w, tc.body)
		if status != http.StatusBadRequest || !strings.Contains(body, tc.names) {
			t.Errorf("POST %s: %d %q, want 400 naming %q", tc.body, status, body, tc.names)
		}
	}
	var after map[string]map[string]any
	getJSON(t, w, "/sandbox/faults", &after)
	if after["iam"]["latency"] != "200ms" || len(after) != 3 {
		t.Errorf("a refused body changed the rules: %v", after)
	}
}

func postBody(t *testing.T, w *world, body string) (int, string) {
	t.Helper()
	resp, err := w.sb.HTTPClient().Post(w.sb.URL+"/sandbox/faults", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusOK && !json.Valid(b) {
		t.Errorf("POST answered invalid JSON %s", b)
	}
	return resp.StatusCode, string(b)
}

// TestFaultsClockSkew: clock_skew moves the Date header of the service it
// names — the OIDC IdP's ahead, STS's behind — and leaves the others'.
func TestFaultsClockSkew(t *testing.T) {
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioEmpty})
	if status, body := postBody(t, w, `{"oidc-idp":{"clock_skew":"10m"},"sts":{"clock_skew":"-3m"}}`); status != http.StatusOK {
		t.Fatalf("clock_skew: %d %s", status, body)
	}
	skew := func(method, path, body string) time.Duration {
		t.Helper()
		req, _ := http.NewRequest(method, w.sb.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		before := time.Now()
		resp, err := w.sb.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		date, err := http.ParseTime(resp.Header.Get("Date"))
		if err != nil {
			t.Fatalf("%s %s: Date %q: %v", method, path, resp.Header.Get("Date"), err)
		}
		return date.Sub(before).Round(time.Minute)
	}
	if d := skew(http.MethodGet, "/idp/oidc/.well-known/openid-configuration", ""); d != 10*time.Minute {
		t.Errorf("the OIDC IdP's Date is %s off, want 10m", d)
	}
	if d := skew(http.MethodPost, "/", "Action=GetCallerIdentity&Version=2011-06-15"); d != -3*time.Minute {
		t.Errorf("STS's Date is %s off, want -3m", d)
	}
	if d := skew(http.MethodGet, "/idp/saml/metadata", ""); d != 0 {
		t.Errorf("the SAML IdP's Date is %s off, want none", d)
	}
}
