package e2e_test

import (
	"context"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
)

// The qbiz admin verify tests each provision a stack with admin apply,
// break exactly one hop through the AWS APIs (or the IdP's administration)
// and check that verify names that hop, says what is wrong and how to fix
// it, and exits 1; the positive twins pass every hop and exit 0.

const verifyRole = "acme-web-experience-role"

// applyOIDC provisions stack acme for client (its secret on stdin) and
// writes profile acme.
func (w *world) applyOIDC(clientID, secret string) {
	w.t.Helper()
	w.must(w.runStdin(secret+"\n", "admin", "apply", "--mode", "oidc", "--name", "acme", "--region", w.info.Region,
		"--endpoint-url", w.sb.URL, "--aws-profile", "admin", "--issuer", w.info.OIDC.Issuer, "--client-id", clientID,
		"--client-secret-stdin", "--yes", "--write-profile", "acme"), "admin apply --mode oidc")
}

// confidentialClient is the sandbox IdP's client with a secret.
func (w *world) confidentialClient() (id, secret string) {
	c := w.info.OIDC.Clients[len(w.info.OIDC.Clients)-1]
	if c.ClientSecret == "" {
		w.t.Fatal("the sandbox IdP has no confidential client")
	}
	return c.ClientID, c.ClientSecret
}

// verify runs qbiz admin verify for profile as user with the
// administrator's profile for diagnosis.
func (w *world) verify(profile, user string, extra ...string) result {
	w.t.Helper()
	args := append([]string{"admin", "verify", "--profile", profile, "--aws-profile", "admin"}, extra...)
	return w.run(w.browser(user), args...)
}

// wantHop checks that r's output has a line for hop starting with mark and
// holding every want.
func wantHop(t *testing.T, r result, mark, hop string, want ...string) {
	t.Helper()
	for _, line := range strings.Split(r.stdout, "\n") {
		if !strings.HasPrefix(line, mark+" "+hop) {
			continue
		}
		for _, w := range want {
			if !strings.Contains(line, w) {
				t.Errorf("hop %q lacks %q:\n%s", hop, w, line)
			}
		}
		return
	}
	t.Errorf("no %q line for hop %q in:\n%s\nstderr: %s", mark, hop, r.stdout, r.stderr)
}

// wantFailedAt checks exit 1, the failed hop's line, and the summary on
// stderr naming the hop with the fix as its hint.
func wantFailedAt(t *testing.T, r result, hop string, want ...string) {
	t.Helper()
	t.Logf("verify:\n%s", r.stdout)
	if r.code != 1 {
		t.Errorf("exit %d, want 1\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	wantHop(t, r, "✗", hop, want...)
	if !strings.Contains(r.stderr, "verify acme: "+hop+" failed") || !strings.Contains(r.stderr, "hint: ") {
		t.Errorf("stderr does not name hop %s with a hint:\n%s", hop, r.stderr)
	}
}

func allPassed(t *testing.T, r result, hops ...string) {
	t.Helper()
	if r.code != 0 || strings.Contains(r.stdout, "✗") {
		t.Fatalf("verify: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	for _, h := range hops {
		wantHop(t, r, "✓", h)
	}
}

// TestAdminVerifyOIDC: after apply every hop passes, the first run
// explaining the auto-subscription of a new user and the second finding
// the user subscribed; --output json carries the same hops and no secret.
// With the role's permission policy removed, chat fails naming the
// action and the role.
func TestAdminVerifyOIDC(t *testing.T) {
	w := newEmptyWorld(t)
	id, secret := w.confidentialClient()
	w.applyOIDC(id, secret)
	user := w.info.Users[0]

	r := w.verify("acme", user.Username)
	allPassed(t, r, "identity provider", "sign-in", "tag claim", "role", "application", "subscription", "chat")
	wantHop(t, r, "✓", "subscription", "had no subscription", "User does not have a subscription", "auto-subscription")
	wantHop(t, r, "✓", "chat", "ChatSync as "+user.Email)

	r = w.verify("acme", user.Username, "--output", "json")
	allPassed(t, r)
	for _, want := range []string{`"ok": true`, `"hop": "tag claim"`, user.Email + ` is subscribed`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("json lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "eyJ") || strings.Contains(r.stdout, secret) {
		t.Fatalf("json output holds a token or secret:\n%s", r.stdout)
	}

	if _, err := iam.NewFromConfig(w.sb.AdminConfig()).DeleteRolePolicy(context.Background(), &iam.DeleteRolePolicyInput{
		RoleName: aws.String(verifyRole), PolicyName: aws.String(verifyRole + "-policy")}); err != nil {
		t.Fatal(err)
	}
	r = w.verify("acme", user.Username)
	wantHop(t, r, "✓", "role")
	wantFailedAt(t, r, "chat", "qbusiness:ChatSync", "permission policy of arn:aws:iam::"+w.info.Account+":role/"+verifyRole)
}

// TestAdminVerifyTrustAudience: a trust policy conditioned on another
// client's audience fails the role hop, naming the condition key, the
// value it wants and the token's, and what to set it to.
func TestAdminVerifyTrustAudience(t *testing.T) {
	w := newEmptyWorld(t)
	id, secret := w.confidentialClient()
	w.applyOIDC(id, secret)
	key := strings.TrimPrefix(strings.TrimPrefix(w.info.OIDC.Issuer, "http://"), "https://") + ":aud"
	provider := w.oidcProviderARN()
	trust := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":{"Federated":"` + provider + `"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"` + key + `":"another-client"}}},` +
		`{"Effect":"Allow","Principal":{"Federated":"` + provider + `"},"Action":"sts:TagSession","Condition":{"StringLike":{"aws:RequestTag/Email":"*"}}}]}`
	if _, err := iam.NewFromConfig(w.sb.AdminConfig()).UpdateAssumeRolePolicy(context.Background(), &iam.UpdateAssumeRolePolicyInput{
		RoleName: aws.String(verifyRole), PolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	r := w.verify("acme", w.info.Users[0].Username)
	wantHop(t, r, "✓", "tag claim")
	wantFailedAt(t, r, "role", key+` StringEquals ["another-client"], and this sign-in's is "`+id+`"`,
		`— set the condition StringEquals `+key+` to "`+id+`"`)
	wantHop(t, r, "-", "chat", "not run")
}

// TestAdminVerifyMissingProvider: without the IAM OIDC provider the role
// hop names the issuer and the provider to create.
func TestAdminVerifyMissingProvider(t *testing.T) {
	w := newEmptyWorld(t)
	id, secret := w.confidentialClient()
	w.applyOIDC(id, secret)
	provider := w.oidcProviderARN()
	if _, err := iam.NewFromConfig(w.sb.AdminConfig()).DeleteOpenIDConnectProvider(context.Background(),
		&iam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(provider)}); err != nil {
		t.Fatal(err)
	}
	r := w.verify("acme", w.info.Users[0].Username)
	wantFailedAt(t, r, "role", "no IAM OIDC provider for the issuer "+w.info.OIDC.Issuer, "create it with client id "+id)
}

// TestAdminVerifyProviderAudience: an IAM OIDC provider that no longer
// lists the client fails the role hop, naming the client ids it lists,
// the token's aud and the client id to add.
func TestAdminVerifyProviderAudience(t *testing.T) {
	w := newEmptyWorld(t)
	id, secret := w.confidentialClient()
	w.applyOIDC(id, secret)
	provider := w.oidcProviderARN()
	if _, err := iam.NewFromConfig(w.sb.AdminConfig()).RemoveClientIDFromOpenIDConnectProvider(context.Background(),
		&iam.RemoveClientIDFromOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(provider), ClientID: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	r := w.verify("acme", w.info.Users[0].Username)
	wantFailedAt(t, r, "role", "the IAM OIDC provider "+provider+" lists the client ids [], and the ID token's aud is ["+id+"]",
		"add "+id+" to the provider's client ids")
}

// TestAdminVerifyMissingTagsClaim: an IdP application whose ID tokens
// lack the https://aws.amazon.com/tags claim (its claim mapping never set
// up) fails the tag claim hop, naming the claim and the client.
func TestAdminVerifyMissingTagsClaim(t *testing.T) {
	w := newEmptyWorld(t)
	body := `{"client_id": "acme-no-tags", "client_secret": "acme-no-tags-secret-0123456789", "profile": "missing-tags"}`
	w.post("/sandbox/oidc/clients", body)
	w.applyOIDC("acme-no-tags", "acme-no-tags-secret-0123456789")
	r := w.verify("acme", w.info.Users[0].Username)
	wantHop(t, r, "✓", "sign-in")
	wantFailedAt(t, r, "tag claim", "no https://aws.amazon.com/tags claim", "client acme-no-tags", `{"principal_tags": {"Email"`)
}

// TestAdminVerifyWrongMode: an oidc profile pointed at an Identity Center
// application fails the application hop, naming both identity types.
func TestAdminVerifyWrongMode(t *testing.T) {
	w := newEmptyWorld(t)
	id, secret := w.confidentialClient()
	w.applyOIDC(id, secret)
	w.must(w.runStdin("", "admin", "apply", "--mode", "idc", "--name", "other", "--region", w.info.Region, "--endpoint-url", w.sb.URL,
		"--aws-profile", "admin", "--issuer", w.info.OIDC.Issuer, "--client-id", "qbiz-cli", "--yes"), "admin apply --mode idc")
	idcApp := w.applicationOfType(qtypes.IdentityTypeAwsIamIdc)
	w.editProfile("acme", "qbiz_application_id", idcApp)

	r := w.verify("acme", w.info.Users[0].Username)
	wantHop(t, r, "✓", "role")
	wantFailedAt(t, r, "application", "identity type AWS_IAM_IDC", "mode oidc, which needs AWS_IAM_IDP_OIDC", "--mode idc")
}

// TestAdminVerifyIdPUnreachable: an issuer nobody answers at fails the
// first hop.
func TestAdminVerifyIdPUnreachable(t *testing.T) {
	w := newEmptyWorld(t)
	id, secret := w.confidentialClient()
	w.applyOIDC(id, secret)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone := "http://" + l.Addr().String() + "/idp/oidc"
	l.Close()
	w.editProfile("acme", "qbiz_issuer", gone)
	r := w.verify("acme", w.info.Users[0].Username)
	wantFailedAt(t, r, "identity provider", "discovery document of "+gone, "check qbiz_issuer")
	wantHop(t, r, "-", "sign-in", "not run")
}

// TestAdminVerifyIDCAssignment: Identity Center passes every hop while
// the application requires no assignment; once it requires one, the
// identity center hop says to assign the user or a group to it.
func TestAdminVerifyIDCAssignment(t *testing.T) {
	w := newEmptyWorld(t)
	w.must(w.runStdin("", "admin", "apply", "--mode", "idc", "--name", "acme", "--region", w.info.Region, "--endpoint-url", w.sb.URL,
		"--aws-profile", "admin", "--issuer", w.info.OIDC.Issuer, "--client-id", "qbiz-cli", "--yes", "--write-profile", "acme"), "admin apply --mode idc")
	user := w.info.Users[0]
	allPassed(t, w.verify("acme", user.Username), "identity provider", "sign-in", "identity center", "role", "application", "subscription", "chat")

	sso := ssoadmin.NewFromConfig(w.sb.AdminConfig())
	apps, err := sso.ListApplications(context.Background(), &ssoadmin.ListApplicationsInput{InstanceArn: aws.String(w.idcInstance())})
	if err != nil || len(apps.Applications) != 1 {
		t.Fatalf("list Identity Center applications: %v %v", apps, err)
	}
	appARN := aws.ToString(apps.Applications[0].ApplicationArn)
	if _, err := sso.PutApplicationAssignmentConfiguration(context.Background(), &ssoadmin.PutApplicationAssignmentConfigurationInput{
		ApplicationArn: aws.String(appARN), AssignmentRequired: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	r := w.verify("acme", user.Username)
	wantFailedAt(t, r, "identity center", "requires assignments", "assign the user or a group of theirs to application "+appARN)
}

// TestAdminVerifySAMLAudience: an IdP application whose assertions carry
// the SP's entity id as Audience instead of AWS's fails the sign-in hop
// (qbiz refuses what STS would) with the IdP settings to change; with the
// AWS audience every hop passes.
func TestAdminVerifySAMLAudience(t *testing.T) {
	w := newEmptyWorld(t)
	w.must(w.runStdin("", "admin", "apply", "--mode", "saml", "--name", "acme", "--region", w.info.Region, "--endpoint-url", w.sb.URL,
		"--aws-profile", "admin", "--saml-metadata-url", w.info.SAML.MetadataURL, "--saml-entity-id", w.info.SAML.SPEntityID,
		"--yes", "--write-profile", "acme"), "admin apply --mode saml")
	role := "arn:aws:iam::" + w.info.Account + ":role/" + verifyRole
	provider := "arn:aws:iam::" + w.info.Account + ":saml-provider/acme-saml-provider"
	register := func(audience string) {
		body := `{"entity_id": "` + w.info.SAML.SPEntityID + `", "audience": "` + audience + `", "roles": [{"role_arn": "` + role + `", "provider_arn": "` + provider + `"}]}`
		w.post("/sandbox/saml/service-providers", body)
	}
	user := w.info.Users[0]
	register("")
	allPassed(t, w.verify("acme", user.Username), "identity provider", "sign-in", "role", "application", "subscription", "chat")

	register(w.info.SAML.SPEntityID)
	r := w.verify("acme", user.Username)
	wantHop(t, r, "✓", "identity provider")
	wantFailedAt(t, r, "sign-in", "not addressed to AWS", "Audience", "Recipient and Audience to https://signin.aws.amazon.com/saml")
}

// oidcProviderARN is the account's only IAM OIDC provider.
func (w *world) oidcProviderARN() string {
	w.t.Helper()
	out, err := iam.NewFromConfig(w.sb.AdminConfig()).ListOpenIDConnectProviders(context.Background(), &iam.ListOpenIDConnectProvidersInput{})
	if err != nil || len(out.OpenIDConnectProviderList) != 1 {
		w.t.Fatalf("list OIDC providers: %v %v", out, err)
	}
	return aws.ToString(out.OpenIDConnectProviderList[0].Arn)
}

// applicationOfType is the id of the account's application of type t.
func (w *world) applicationOfType(t qtypes.IdentityType) string {
	w.t.Helper()
	q := qbusiness.NewFromConfig(w.sb.AdminConfig())
	out, err := q.ListApplications(context.Background(), &qbusiness.ListApplicationsInput{})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, a := range out.Applications {
		if a.IdentityType == t {
			return aws.ToString(a.ApplicationId)
		}
	}
	w.t.Fatalf("no application of identity type %s", t)
	return ""
}

// idcInstance is the account's Identity Center instance.
func (w *world) idcInstance() string {
	w.t.Helper()
	out, err := ssoadmin.NewFromConfig(w.sb.AdminConfig()).ListInstances(context.Background(), &ssoadmin.ListInstancesInput{})
	if err != nil || len(out.Instances) == 0 {
		w.t.Fatalf("list Identity Center instances: %v %v", out, err)
	}
	return aws.ToString(out.Instances[0].InstanceArn)
}

// editProfile sets key of profile in the AWS config file, as a person
// editing it would.
func (w *world) editProfile(profile, key, value string) {
	w.t.Helper()
	path := w.vars["AWS_CONFIG_FILE"]
	data, err := os.ReadFile(path)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	in := false
	done := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "[") {
			in = strings.TrimSpace(line) == "[profile "+profile+"]"
		}
		if in && strings.HasPrefix(strings.TrimSpace(line), key+" ") {
			line, done = key+" = "+value, true
		}
		out = append(out, line)
	}
	if !done {
		w.t.Fatalf("profile %s has no %s:\n%s", profile, key, data)
	}
	if err := os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o600); err != nil {
		w.t.Fatal(err)
	}
}
