package qbusiness

import (
	"context"
	"encoding/base64"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/directory"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/gate/gatetest"
)

const (
	mary  = "mary_major@example.com"
	mateo = "mateo_jackson@example.com"
)

// denyList is a test Authorizer refusing listed actions.
type denyList struct {
	mu   sync.Mutex
	deny map[string]bool
}

func (d *denyList) Authorize(_ awsauth.Principal, action, _ string, _ map[string][]string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return !d.deny[action]
}

func (d *denyList) set(action string, deny bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.deny[action] = deny
}

type env struct {
	t     *testing.T
	h     *gatetest.Harness
	svc   *Service
	dir   *directory.Directory
	authz *denyList
	admin *qbusiness.Client
	appID string
	index string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	h := gatetest.New(t)
	dir := directory.New(
		directory.User{Username: "mary", Email: mary, Password: "pw"},
		directory.User{Username: "mateo", Email: mateo, Password: "pw"},
	)
	authz := &denyList{deny: map[string]bool{}}
	svc := New(Options{Account: gatetest.Account, Region: gatetest.Region, Directory: dir, Authorizer: authz})
	h.Mount("/", gate.Service{Name: "qbusiness", SigningName: "qbusiness", Family: awsauth.JSON,
		JSONContentType: "application/json", Streaming: Streaming, Handler: svc})
	h.Start(t)
	return &env{t: t, h: h, svc: svc, dir: dir, authz: authz, admin: qbusiness.NewFromConfig(h.Config(h.Admin))}
}

// userClient returns a client signing with IAM-federated credentials for email.
func (e *env) userClient(email string) *qbusiness.Client {
	e.t.Helper()
	creds, err := e.h.Gate.Authority.Mint(federated(email), time.Hour)
	if err != nil {
		e.t.Fatal(err)
	}
	return qbusiness.NewFromConfig(e.h.Config(creds))
}

func federated(email string) awsauth.Principal {
	return awsauth.Principal{Account: gatetest.Account, Kind: "assumed-role",
		ARN:     "arn:aws:sts::" + gatetest.Account + ":assumed-role/QBizUser/" + email,
		RoleARN: "arn:aws:iam::" + gatetest.Account + ":role/QBizUser", SessionName: email,
		Tags: map[string]string{"Email": email}}
}

// setup creates an OIDC application with an index, a retriever and documents.
func (e *env) setup(auto bool) {
	e.t.Helper()
	ctx := context.Background()
	app, err := e.admin.CreateApplication(ctx, &qbusiness.CreateApplicationInput{DisplayName: aws.String("demo-oidc"),
		IdentityType:             types.IdentityTypeAwsIamIdpOidc,
		IamIdentityProviderArn:   aws.String("arn:aws:iam::123456789012:oidc-provider/localhost/idp/oidc"),
		ClientIdsForOIDC:         []string{"qbiz-cli"},
		AttachmentsConfiguration: &types.AttachmentsConfiguration{AttachmentsControlMode: types.AttachmentsControlModeEnabled}})
	if err != nil {
		e.t.Fatalf("CreateApplication: %v", err)
	}
	e.appID = *app.ApplicationId
	if auto {
		_, err := e.admin.UpdateApplication(ctx, &qbusiness.UpdateApplicationInput{ApplicationId: app.ApplicationId,
			AutoSubscriptionConfiguration: &types.AutoSubscriptionConfiguration{AutoSubscribe: types.AutoSubscriptionStatusEnabled}})
		if err != nil {
			e.t.Fatalf("UpdateApplication: %v", err)
		}
	}
	ix, err := e.admin.CreateIndex(ctx, &qbusiness.CreateIndexInput{ApplicationId: app.ApplicationId, DisplayName: aws.String("main")})
	if err != nil {
		e.t.Fatalf("CreateIndex: %v", err)
	}
	e.index = *ix.IndexId
	_, err = e.admin.CreateRetriever(ctx, &qbusiness.CreateRetrieverInput{ApplicationId: app.ApplicationId, DisplayName: aws.String("main"),
		Type: types.RetrieverTypeNativeIndex, Configuration: &types.RetrieverConfigurationMemberNativeIndexConfiguration{
			Value: types.NativeIndexConfiguration{IndexId: ix.IndexId}}})
	if err != nil {
		e.t.Fatalf("CreateRetriever: %v", err)
	}
	e.putDocs()
}

func (e *env) putDocs() {
	e.t.Helper()
	_, err := e.admin.PutGroup(context.Background(), &qbusiness.PutGroupInput{ApplicationId: &e.appID, IndexId: &e.index,
		GroupName: aws.String("core-team"), Type: types.MembershipTypeIndex,
		GroupMembers: &types.GroupMembers{MemberUsers: []types.MemberUser{{UserId: aws.String(mary)}}}})
	if err != nil {
		e.t.Fatalf("PutGroup: %v", err)
	}
	out, err := e.admin.BatchPutDocument(context.Background(), &qbusiness.BatchPutDocumentInput{ApplicationId: &e.appID, IndexId: &e.index,
		Documents: []types.Document{
			doc("acme-plan", "ACME launch plan", "The ACME project launches on March 14. The ACME launch codename is Roadrunner.", userACL(mary)),
			doc("anyorg-budget", "AnyOrgApp budget", "The AnyOrgApp project budget is 42000 dollars. The AnyOrgApp codename is Bluebird.", userACL(mateo)),
			doc("core-handbook", "Core team handbook", "The core team meets every Tuesday in room Falcon.", groupACL("core-team")),
		}})
	if err != nil {
		e.t.Fatalf("BatchPutDocument: %v", err)
	}
	if len(out.FailedDocuments) != 0 {
		e.t.Fatalf("failed documents: %+v", out.FailedDocuments)
	}
}

func doc(id, title, text string, acl *types.AccessConfiguration) types.Document {
	return types.Document{Id: aws.String(id), Title: aws.String(title), ContentType: types.ContentTypePlainText,
		Content:             &types.DocumentContentMemberBlob{Value: []byte(text)},
		AccessConfiguration: acl,
		Attributes: []types.DocumentAttribute{{Name: aws.String("_source_uri"),
			Value: &types.DocumentAttributeValueMemberStringValue{Value: "https://wiki.example.com/" + id}}}}
}

func userACL(email string) *types.AccessConfiguration {
	return &types.AccessConfiguration{AccessControls: []types.AccessControl{{Principals: []types.Principal{
		&types.PrincipalMemberUser{Value: types.PrincipalUser{Id: aws.String(email), Access: types.ReadAccessTypeAllow}}}}}}
}

func groupACL(name string) *types.AccessConfiguration {
	return &types.AccessConfiguration{AccessControls: []types.AccessControl{{Principals: []types.Principal{
		&types.PrincipalMemberGroup{Value: types.PrincipalGroup{Name: aws.String(name), Access: types.ReadAccessTypeAllow}}}}}}
}

var _ = base64.StdEncoding
