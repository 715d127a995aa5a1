package sandboxwiring

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

func startSandbox(t *testing.T) *Sandbox {
	t.Helper()
	s, err := Start(t.Context(), Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestStartConfiguresOneIdPPerMode(t *testing.T) {
	s := startSandbox(t)
	g, err := s.Configure(config.Gateway{}.WithDefaults().WithAddr("127.0.0.1:8000"))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil {
		t.Fatalf("the sandbox's configuration does not validate: %v", err)
	}
	var modes []identity.Mode
	for _, p := range g.IdPs {
		modes = append(modes, p.Profile.Mode)
		if p.Profile.EndpointURL != s.Endpoint() || p.Profile.Region != s.Region() || p.Label == "" {
			t.Errorf("%s: %+v", p.Name, p)
		}
	}
	if want := []identity.Mode{identity.ModeOIDC, identity.ModeSAML, identity.ModeIDC}; len(modes) != 3 ||
		modes[0] != want[0] || modes[1] != want[1] || modes[2] != want[2] {
		t.Errorf("modes = %v, want %v", modes, want)
	}
	if g.IdPs[0].ClientSecret.Reveal() != scenario.GatewayClientSecret {
		t.Error("the OIDC IdP does not carry the gateway client's secret")
	}
}

func TestSandboxInfoStaysReachable(t *testing.T) {
	s := startSandbox(t)
	resp, err := s.HTTPClient().Get(s.URL + "/sandbox/info")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /sandbox/info = %d", resp.StatusCode)
	}
}

// The OIDC application's role trusts the gateway's client after Start, and
// still the CLI's.
func TestStartTrustsTheGatewayClient(t *testing.T) {
	s := startSandbox(t)
	app, _ := s.info.App("oidc")
	name := app.RoleARN[strings.LastIndex(app.RoleARN, "/")+1:]
	out, err := iam.NewFromConfig(s.adminConfig()).GetRole(context.Background(), &iam.GetRoleInput{RoleName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := url.QueryUnescape(aws.ToString(out.Role.AssumeRolePolicyDocument))
	for _, id := range []string{scenario.GatewayClientID, scenario.CLIClientID} {
		if !strings.Contains(doc, `"`+id+`"`) {
			t.Errorf("trust policy does not name %s: %s", id, doc)
		}
	}
}

func TestWithAudience(t *testing.T) {
	in := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"idp:aud":"cli"}}},` +
		`{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"sts:TagSession"}]}`
	out, err := withAudience(url.QueryEscape(in), "gw")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"idp:aud":["cli","gw"]`) || !strings.Contains(out, `"sts:TagSession"`) {
		t.Errorf("withAudience = %s", out)
	}
	again, _ := withAudience(out, "gw")
	if strings.Count(again, `"gw"`) != 1 {
		t.Errorf("added twice: %s", again)
	}
	if _, err := withAudience(`{"Statement":[{"Action":"sts:AssumeRole"}]}`, "gw"); err == nil {
		t.Error("a policy without an audience condition was accepted")
	}
}
