package e2e_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// setProcessEnv gives credential_process children (started by the SDK
// with this process's environment) the world's home and keyring.
func (w *world) setProcessEnv(t *testing.T) {
	for k, v := range w.vars {
		t.Setenv(k, v)
	}
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
}

// TestProcessCredsProvider: the SDK's own processcreds provider consumes
// the built binary's output.
func TestProcessCredsProvider(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	w.setProcessEnv(t)
	p := processcreds.NewProvider(qbizBin + " credentials --profile qbiz-sandbox-oidc")
	c, err := p.Retrieve(context.Background())
	if err != nil {
		t.Fatalf("processcreds: %v", err)
	}
	if !c.CanExpire || c.SessionToken == "" || !strings.HasPrefix(c.AccessKeyID, "ASIA") {
		t.Errorf("processcreds credentials: key %s, can expire %v", c.AccessKeyID, c.CanExpire)
	}
	entry, _ := w.chat(aws.NewCredentialsCache(p), w.app("oidc").ApplicationID, "ACME status?")
	if entry.Identity != "mary_major@example.com" {
		t.Errorf("answered as %q", entry.Identity)
	}
}

// TestSharedConfigProfile: the profile in AWS_CONFIG_FILE works for a
// plain aws-sdk-go-v2 client (credential_process, region, endpoint_url).
func TestSharedConfigProfile(t *testing.T) {
	w := newWorld(t)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	w.setProcessEnv(t)
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithSharedConfigProfile("qbiz-sandbox-oidc"),
		config.WithSharedConfigFiles([]string{w.vars["AWS_CONFIG_FILE"]}))
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if !strings.HasSuffix(aws.ToString(id.Arn), "/mary_major@example.com") {
		t.Errorf("caller %s", aws.ToString(id.Arn))
	}
	entry, _ := w.chat(cfg.Credentials, w.app("oidc").ApplicationID, "ACME status?")
	if entry.Identity != "mary_major@example.com" {
		t.Errorf("answered as %q", entry.Identity)
	}
	if b, _ := os.ReadFile(w.vars["AWS_CONFIG_FILE"]); !strings.Contains(string(b), "credential_process = "+qbizBin+" credentials --profile qbiz-sandbox-oidc") {
		t.Errorf("config file:\n%s", b)
	}
}
