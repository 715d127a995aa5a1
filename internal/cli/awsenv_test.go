package cli

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/tokencache"
)

var testCreds = tokencache.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "s", SessionToken: "t",
	Expiration: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}

// TestCredentialVars: the child gets the profile's region under both
// names (the AWS CLI v1 and boto read only AWS_DEFAULT_REGION) and the
// profile's endpoint, or none at all.
func TestCredentialVars(t *testing.T) {
	tests := []struct {
		name    string
		profile config.Profile
		want    map[string]string
		absent  []string
	}{
		{"real AWS", config.Profile{Region: "eu-west-1"},
			map[string]string{"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
				"AWS_ACCESS_KEY_ID": "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t", "AWS_CREDENTIAL_EXPIRATION": "2030-01-02T03:04:05Z"},
			[]string{"AWS_ENDPOINT_URL"}},
		{"endpoint_url", config.Profile{Region: "us-east-1", EndpointURL: "http://127.0.0.1:8484"},
			map[string]string{"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:8484"},
			[]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]string{}
			for _, v := range credentialVars(tt.profile, testCreds) {
				got[v.name] = v.value
			}
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
			for _, k := range tt.absent {
				if _, ok := got[k]; ok {
					t.Errorf("%s set to %q, want absent", k, got[k])
				}
			}
		})
	}
}

// TestChildEnvClearsOverrides: every variable through which an SDK would
// take other credentials, another profile's settings or another endpoint
// is gone from the child's environment; the rest passes through.
func TestChildEnvClearsOverrides(t *testing.T) {
	tests := []struct {
		parent string
		kept   bool
	}{
		{"AWS_PROFILE=other", false},
		{"AWS_DEFAULT_PROFILE=other", false},
		{"AWS_REGION=ap-south-1", false},
		{"AWS_DEFAULT_REGION=ap-south-1", false},
		{"AWS_ACCESS_KEY=AKIAOLD", false},
		{"AWS_SECRET_KEY=old", false},
		{"AWS_SECURITY_TOKEN=old", false},
		{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/creds", false},
		{"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/creds", false},
		{"AWS_CONTAINER_AUTHORIZATION_TOKEN=tok", false},
		{"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=/tok", false},
		{"AWS_WEB_IDENTITY_TOKEN_FILE=/token", false},
		{"AWS_ROLE_ARN=arn:aws:iam::1:role/x", false},
		{"AWS_ROLE_SESSION_NAME=x", false},
		{"AWS_ENDPOINT_URL=http://elsewhere", false},
		{"AWS_ENDPOINT_URL_QBUSINESS=http://elsewhere", false},
		{"AWS_ENDPOINT_URL_STS=http://elsewhere", false},
		{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false", false},
		{"QBIZ_KEYRING_PASSWORD=secret", false},
		{"AWS_CONFIG_FILE=/home/u/.aws/config", true},
		{"AWS_SHARED_CREDENTIALS_FILE=/home/u/.aws/credentials", true},
		{"AWS_CA_BUNDLE=/ca.pem", true},
		{"PATH=/bin", true},
	}
	set := credentialVars(config.Profile{Region: "eu-west-1", EndpointURL: "http://127.0.0.1:8484"}, testCreds)
	for _, tt := range tests {
		got := childEnv([]string{tt.parent}, set)
		if kept := slices.Contains(got, tt.parent); kept != tt.kept {
			t.Errorf("%s: kept = %v, want %v", tt.parent, kept, tt.kept)
		}
	}
}

// TestExportUnsets: qbiz env's export format clears the same variables
// in the shell that evaluates it, and never those it sets.
func TestExportUnsets(t *testing.T) {
	set := credentialVars(config.Profile{Region: "eu-west-1", EndpointURL: "http://127.0.0.1:8484"}, testCreds)
	var b strings.Builder
	if err := writeExport(&b, set, []string{"AWS_ENDPOINT_URL_QBUSINESS=http://x", "PATH=/bin"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	unset := strings.Fields(strings.TrimPrefix(lines[0], "unset "))
	if !strings.HasPrefix(lines[0], "unset ") {
		t.Fatalf("first line %q, want unset", lines[0])
	}
	for _, name := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ENDPOINT_URL_QBUSINESS"} {
		if !slices.Contains(unset, name) {
			t.Errorf("unset line %q lacks %s", lines[0], name)
		}
	}
	for _, name := range []string{"AWS_ENDPOINT_URL", "AWS_REGION", "PATH"} {
		if slices.Contains(unset, name) {
			t.Errorf("unset line %q clears %s", lines[0], name)
		}
	}
	if !slices.Contains(lines, "export AWS_DEFAULT_REGION='eu-west-1'") {
		t.Errorf("export lacks AWS_DEFAULT_REGION:\n%s", b.String())
	}
}
