package sandbox_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// driveFederation runs the three identity paths and the conversation and
// read-only admin operations in a demo world.
func driveFederation(t *testing.T) []exchange {
	t.Helper()
	w := startWorld(t, sandbox.Options{})
	ctx := context.Background()
	for mode, creds := range map[string]aws.CredentialsProvider{"oidc": w.oidcCreds(t, mary), "saml": w.samlCreds(t, mateo), "idc": w.idcCreds(t, mary)} {
		checkCallerIdentity(t, w, creds, mode)
		driveConversation(t, qbusiness.NewFromConfig(w.cfg(creds)), w.app(t, mode).ApplicationID)
	}
	driveQAdmin(ctx, t, qbusiness.NewFromConfig(w.cfg(w.admin())), w.app(t, "oidc"))
	driveIAMReads(ctx, t, iam.NewFromConfig(w.cfg(w.admin())), w.app(t, "oidc"), w.app(t, "saml"))
	driveSSOReads(ctx, t, ssoadmin.NewFromConfig(w.cfg(w.admin())), w.app(t, "idc"))
	driveSecrets(ctx, t, secretsmanager.NewFromConfig(w.cfg(w.admin())))
	return w.rec.exchanges()
}

func driveConversation(t *testing.T, q *qbusiness.Client, appID string) {
	ctx := context.Background()
	out := subscribeAndChat(t, q, appID, "When does the ACME project launch?")
	conv := out.ConversationId
	_, err := q.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &appID, UserMessage: aws.String("and the budget?"),
		ConversationId: conv, ParentMessageId: out.SystemMessageId})
	logErr(t, "ChatSync follow-up", err)
	_, err = q.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: &appID})
	logErr(t, "ListConversations", err)
	_, err = q.ListMessages(ctx, &qbusiness.ListMessagesInput{ApplicationId: &appID, ConversationId: conv})
	logErr(t, "ListMessages", err)
	_, err = q.PutFeedback(ctx, &qbusiness.PutFeedbackInput{ApplicationId: &appID, ConversationId: conv, MessageId: out.SystemMessageId,
		MessageUsefulness: &qtypes.MessageUsefulnessFeedback{Usefulness: qtypes.MessageUsefulnessUseful, Reason: qtypes.MessageUsefulnessReasonHelpful, SubmittedAt: aws.Time(timeNow())}})
	logErr(t, "PutFeedback", err)
	_, err = q.DeleteConversation(ctx, &qbusiness.DeleteConversationInput{ApplicationId: &appID, ConversationId: conv})
	logErr(t, "DeleteConversation", err)
	_, err = q.ListMessages(ctx, &qbusiness.ListMessagesInput{ApplicationId: &appID, ConversationId: conv})
	if err == nil {
		t.Error("ListMessages of a deleted conversation succeeded")
	}
}

func driveQAdmin(ctx context.Context, t *testing.T, q *qbusiness.Client, app sandbox.Application) {
	id, idx := &app.ApplicationID, &app.IndexID
	_, err := q.ListApplications(ctx, &qbusiness.ListApplicationsInput{})
	logErr(t, "ListApplications", err)
	_, err = q.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: id})
	logErr(t, "GetApplication", err)
	_, err = q.ListIndices(ctx, &qbusiness.ListIndicesInput{ApplicationId: id})
	logErr(t, "ListIndices", err)
	_, err = q.GetIndex(ctx, &qbusiness.GetIndexInput{ApplicationId: id, IndexId: idx})
	logErr(t, "GetIndex", err)
	rs, err := q.ListRetrievers(ctx, &qbusiness.ListRetrieversInput{ApplicationId: id})
	logErr(t, "ListRetrievers", err)
	if err == nil && len(rs.Retrievers) > 0 {
		_, err = q.GetRetriever(ctx, &qbusiness.GetRetrieverInput{ApplicationId: id, RetrieverId: rs.Retrievers[0].RetrieverId})
		logErr(t, "GetRetriever", err)
	}
	ws, err := q.ListWebExperiences(ctx, &qbusiness.ListWebExperiencesInput{ApplicationId: id})
	logErr(t, "ListWebExperiences", err)
	if err == nil && len(ws.WebExperiences) > 0 {
		_, err = q.GetWebExperience(ctx, &qbusiness.GetWebExperienceInput{ApplicationId: id, WebExperienceId: ws.WebExperiences[0].WebExperienceId})
		logErr(t, "GetWebExperience", err)
	}
	_, err = q.ListDocuments(ctx, &qbusiness.ListDocumentsInput{ApplicationId: id, IndexId: idx})
	logErr(t, "ListDocuments", err)
	_, err = q.ListGroups(ctx, &qbusiness.ListGroupsInput{ApplicationId: id, IndexId: idx, UpdatedEarlierThan: aws.Time(timeNow())})
	logErr(t, "ListGroups", err)
	_, err = q.GetGroup(ctx, &qbusiness.GetGroupInput{ApplicationId: id, IndexId: idx, GroupName: aws.String("core-team")})
	logErr(t, "GetGroup", err)
	_, err = q.ListDataSources(ctx, &qbusiness.ListDataSourcesInput{ApplicationId: id, IndexId: idx})
	logErr(t, "ListDataSources", err)
	_, err = q.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: aws.String("00000000-0000-0000-0000-000000000000")})
	if err == nil {
		t.Error("GetApplication of an unknown id succeeded")
	}
}

func driveIAMReads(ctx context.Context, t *testing.T, c *iam.Client, oidcApp, samlApp sandbox.Application) {
	_, err := c.ListRoles(ctx, &iam.ListRolesInput{})
	logErr(t, "ListRoles", err)
	_, err = c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("qbiz-sandbox-oidc-role")})
	logErr(t, "GetRole", err)
	pols, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("qbiz-sandbox-oidc-role")})
	logErr(t, "ListAttachedRolePolicies", err)
	if err == nil && len(pols.AttachedPolicies) > 0 {
		_, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: pols.AttachedPolicies[0].PolicyArn})
		logErr(t, "GetPolicy", err)
		_, err = c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: pols.AttachedPolicies[0].PolicyArn, VersionId: aws.String("v1")})
		logErr(t, "GetPolicyVersion", err)
	}
	_, err = c.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	logErr(t, "ListOpenIDConnectProviders", err)
	_, err = c.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: &oidcApp.ProviderARN})
	logErr(t, "GetOpenIDConnectProvider", err)
	_, err = c.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
	logErr(t, "ListSAMLProviders", err)
	_, err = c.GetSAMLProvider(ctx, &iam.GetSAMLProviderInput{SAMLProviderArn: &samlApp.ProviderARN})
	logErr(t, "GetSAMLProvider", err)
	_, err = c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: aws.String("qbiz-sandbox-oidc-role")})
	logErr(t, "ListRoleTags", err)
	_, err = c.ListPolicies(ctx, &iam.ListPoliciesInput{})
	logErr(t, "ListPolicies", err)
	if _, err = c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("no-such-role")}); err == nil {
		t.Error("GetRole of an unknown role succeeded")
	}
}

func driveSSOReads(ctx context.Context, t *testing.T, c *ssoadmin.Client, app sandbox.Application) {
	arn := &app.IDCApplicationARN
	inst, err := c.ListInstances(ctx, &ssoadmin.ListInstancesInput{})
	logErr(t, "ListInstances", err)
	if err == nil && len(inst.Instances) > 0 {
		_, err = c.DescribeInstance(ctx, &ssoadmin.DescribeInstanceInput{InstanceArn: inst.Instances[0].InstanceArn})
		logErr(t, "DescribeInstance", err)
		tts, err := c.ListTrustedTokenIssuers(ctx, &ssoadmin.ListTrustedTokenIssuersInput{InstanceArn: inst.Instances[0].InstanceArn})
		logErr(t, "ListTrustedTokenIssuers", err)
		if err == nil && len(tts.TrustedTokenIssuers) > 0 {
			_, err = c.DescribeTrustedTokenIssuer(ctx, &ssoadmin.DescribeTrustedTokenIssuerInput{TrustedTokenIssuerArn: tts.TrustedTokenIssuers[0].TrustedTokenIssuerArn})
			logErr(t, "DescribeTrustedTokenIssuer", err)
		}
		_, err = c.ListApplications(ctx, &ssoadmin.ListApplicationsInput{InstanceArn: inst.Instances[0].InstanceArn})
		logErr(t, "ListApplications", err)
	}
	_, err = c.DescribeApplication(ctx, &ssoadmin.DescribeApplicationInput{ApplicationArn: arn})
	logErr(t, "DescribeApplication", err)
	_, err = c.GetApplicationGrant(ctx, &ssoadmin.GetApplicationGrantInput{ApplicationArn: arn, GrantType: ssotypes.GrantTypeJwtBearer})
	logErr(t, "GetApplicationGrant", err)
	_, err = c.ListApplicationGrants(ctx, &ssoadmin.ListApplicationGrantsInput{ApplicationArn: arn})
	logErr(t, "ListApplicationGrants", err)
	_, err = c.GetApplicationAuthenticationMethod(ctx, &ssoadmin.GetApplicationAuthenticationMethodInput{ApplicationArn: arn, AuthenticationMethodType: ssotypes.AuthenticationMethodTypeIam})
	logErr(t, "GetApplicationAuthenticationMethod", err)
	_, err = c.ListApplicationAuthenticationMethods(ctx, &ssoadmin.ListApplicationAuthenticationMethodsInput{ApplicationArn: arn})
	logErr(t, "ListApplicationAuthenticationMethods", err)
	_, err = c.ListApplicationAccessScopes(ctx, &ssoadmin.ListApplicationAccessScopesInput{ApplicationArn: arn})
	logErr(t, "ListApplicationAccessScopes", err)
	_, err = c.GetApplicationAccessScope(ctx, &ssoadmin.GetApplicationAccessScopeInput{ApplicationArn: arn, Scope: aws.String(scenario.IDCScopes[0])})
	logErr(t, "GetApplicationAccessScope", err)
	_, err = c.GetApplicationAssignmentConfiguration(ctx, &ssoadmin.GetApplicationAssignmentConfigurationInput{ApplicationArn: arn})
	logErr(t, "GetApplicationAssignmentConfiguration", err)
}

func driveSecrets(ctx context.Context, t *testing.T, c *secretsmanager.Client) {
	_, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("qbiz/e2e"), SecretString: aws.String(`{"k":"v"}`)})
	logErr(t, "CreateSecret", err)
	_, err = c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("qbiz/e2e")})
	logErr(t, "GetSecretValue", err)
	_, err = c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("qbiz/e2e")})
	logErr(t, "DescribeSecret", err)
	_, err = c.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String("qbiz/e2e"), RecoveryWindowInDays: aws.Int64(7)})
	logErr(t, "DeleteSecret", err)
	if _, err = c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("qbiz/missing")}); err == nil {
		t.Error("GetSecretValue of a missing secret succeeded")
	}
}

// driveProvisioning provisions the demo world again, through the recorder,
// into an empty sandbox: every control-plane write the scenario makes.
func driveProvisioning(t *testing.T) []exchange {
	t.Helper()
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioEmpty})
	meta := fetch(t, w.sb.HTTPClient(), w.info.SAML.MetadataURL)
	docs := []scenario.Document{{ID: "d1", Title: "ACME launch plan", URL: "https://wiki.example.com/acme", Content: "ACME launches in May.",
		ACL: &scenario.ACL{Controls: []scenario.Control{{Grants: []scenario.Grant{{Kind: "USER", Name: mary, Access: "ALLOW"}, {Kind: "GROUP", Name: "core-team", Access: "ALLOW"}}}}}}}
	_, err := scenario.Demo(context.Background(), w.cfg(w.admin()), scenario.World{Account: sandbox.Account, Region: sandbox.Region,
		Issuer: w.info.OIDC.Issuer, ClientIDs: []string{"qbiz-cli", "qbiz-gateway"}, SAMLMetadata: meta, Documents: docs})
	if err != nil {
		t.Fatalf("provision through the recorder: %v", err)
	}
	return w.rec.exchanges()
}

func fetch(t *testing.T, hc *http.Client, u string) []byte {
	t.Helper()
	resp, err := hc.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", u, resp.StatusCode, err)
	}
	return b
}

func logErr(t *testing.T, op string, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", op, err)
	}
}

func timeNow() time.Time { return time.Now().UTC().Truncate(time.Second) }
