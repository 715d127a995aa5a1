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
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// A sandbox started on its own (qbiz sandbox) is found at its URL: the
// gateway gets its identity providers, the OIDC role trusts the gateway's
// client, and closing the attachment leaves the sandbox running.
func TestAttachToARunningSandbox(t *testing.T) {
	sb, err := sandbox.Start(t.Context(), sandbox.Options{Addr: "127.0.0.1:0", Scenario: sandbox.ScenarioDemo})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	s, err := Attach(t.Context(), sb.URL+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.Configure(config.Gateway{}.WithDefaults().WithAddr("127.0.0.1:8001"))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil || len(g.IdPs) != 3 || g.IdPs[0].Profile.EndpointURL != sb.Info().Endpoint {
		t.Fatalf("configuration %+v: %v", g.IdPs, err)
	}
	app, _ := sb.Info().App("oidc")
	name := app.RoleARN[strings.LastIndex(app.RoleARN, "/")+1:]
	out, err := iam.NewFromConfig(s.adminConfig()).GetRole(context.Background(), &iam.GetRoleInput{RoleName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if doc, _ := url.QueryUnescape(aws.ToString(out.Role.AssumeRolePolicyDocument)); !strings.Contains(doc, `"`+scenario.GatewayClientID+`"`) {
		t.Errorf("trust policy does not name the gateway's client: %s", doc)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(sb.URL + "/sandbox/info")
	if err != nil {
		t.Fatalf("the sandbox stopped with the attachment: %v", err)
	}
	resp.Body.Close()
}

func TestAttachRefusesANonOrigin(t *testing.T) {
	for _, u := range []string{"127.0.0.1:9000", "ftp://127.0.0.1:9000", "http://127.0.0.1:9000/idp/oidc"} {
		if _, err := Attach(t.Context(), u, nil); err == nil || !strings.Contains(err.Error(), "--sandbox-url") {
			t.Errorf("Attach(%q) = %v, want a --sandbox-url error", u, err)
		}
	}
}
