package qbusiness

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
)

const instanceARN = "arn:aws:sso:::instance/ssoins-1234567890abcdef"

func TestApplicationLifecycle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	out, err := e.admin.CreateApplication(ctx, &qbusiness.CreateApplicationInput{DisplayName: aws.String("demo-idc"),
		IdentityType: types.IdentityTypeAwsIamIdc, IdentityCenterInstanceArn: aws.String(instanceARN),
		RoleArn: aws.String("arn:aws:iam::123456789012:role/QBusinessApp")})
	if err != nil {
		t.Fatal(err)
	}
	if !idPattern().MatchString(*out.ApplicationId) {
		t.Errorf("id %s", *out.ApplicationId)
	}
	got, err := e.admin.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: out.ApplicationId})
	if err != nil {
		t.Fatal(err)
	}
	idcApp := regexp.MustCompile(`^arn:aws:sso::\d{12}:application/(sso)?ins-[a-zA-Z0-9-.]{16}/apl-[a-zA-Z0-9]{16}$`)
	if got.Status != types.ApplicationStatusActive || !idcApp.MatchString(aws.ToString(got.IdentityCenterApplicationArn)) ||
		got.CreatedAt == nil || time.Since(*got.CreatedAt) > time.Minute || aws.ToString(got.ApplicationArn) != aws.ToString(out.ApplicationArn) {
		t.Errorf("GetApplication %+v", got)
	}
	list, err := e.admin.ListApplications(ctx, &qbusiness.ListApplicationsInput{})
	if err != nil || len(list.Applications) != 1 || list.Applications[0].IdentityType != types.IdentityTypeAwsIamIdc {
		t.Fatalf("list %v %+v", err, list)
	}
	if infos := e.svc.Applications(); len(infos) != 1 || infos[0].IDCApplicationARN != aws.ToString(got.IdentityCenterApplicationArn) {
		t.Errorf("Applications() %+v", infos)
	}
	if _, err := e.admin.DeleteApplication(ctx, &qbusiness.DeleteApplicationInput{ApplicationId: out.ApplicationId}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.GetApplication(ctx, &qbusiness.GetApplicationInput{ApplicationId: out.ApplicationId}); apiCode(err) != "ResourceNotFoundException" {
		t.Fatalf("after delete: %v", err)
	}
}

func TestCreateApplicationValidation(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name string
		in   qbusiness.CreateApplicationInput
	}{
		{"idc without instance", qbusiness.CreateApplicationInput{DisplayName: aws.String("a"), IdentityType: types.IdentityTypeAwsIamIdc}},
		{"oidc without provider", qbusiness.CreateApplicationInput{DisplayName: aws.String("a"), IdentityType: types.IdentityTypeAwsIamIdpOidc}},
		{"oidc with saml provider", qbusiness.CreateApplicationInput{DisplayName: aws.String("a"), IdentityType: types.IdentityTypeAwsIamIdpOidc,
			IamIdentityProviderArn: aws.String("arn:aws:iam::123456789012:saml-provider/corp")}},
		{"bad name", qbusiness.CreateApplicationInput{DisplayName: aws.String("bad name!"), IdentityType: types.IdentityTypeAwsIamIdc, IdentityCenterInstanceArn: aws.String(instanceARN)}},
		{"bad role", qbusiness.CreateApplicationInput{DisplayName: aws.String("a"), RoleArn: aws.String("role"), IdentityType: types.IdentityTypeAwsIamIdc, IdentityCenterInstanceArn: aws.String(instanceARN)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.admin.CreateApplication(context.Background(), &tt.in); apiCode(err) != "ValidationException" {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestIdentityCenterUser(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	ctx := context.Background()
	app, err := e.admin.CreateApplication(ctx, &qbusiness.CreateApplicationInput{DisplayName: aws.String("demo-idc"),
		IdentityType: types.IdentityTypeAwsIamIdc, IdentityCenterInstanceArn: aws.String(instanceARN)})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := e.dir.Lookup("mary")
	p := federated("")
	p.Tags = nil
	p.Context = &awsauth.IdentityContext{UserID: u.IDCUserID, InstanceARN: instanceARN, ExpiresAt: time.Now().Add(time.Hour)}
	creds, err := e.h.Gate.Authority.Mint(p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	idc := qbusiness.NewFromConfig(e.h.Config(creds))
	if _, err := idc.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: app.ApplicationId}); err != nil {
		t.Fatalf("IDC user on IDC app: %v", err)
	}
	// Identity-center credentials do not fit an IAM-federated app, and
	// federated credentials do not fit an IDC app.
	if _, err := idc.ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: &e.appID}); apiCode(err) != "AccessDeniedException" {
		t.Errorf("IDC creds on OIDC app: %v", err)
	}
	_, err = e.userClient(mary).ListConversations(ctx, &qbusiness.ListConversationsInput{ApplicationId: app.ApplicationId})
	if apiCode(err) != "AccessDeniedException" || apiMessage(err) != msgIdentityAware {
		t.Errorf("federated creds on IDC app: %v", err)
	}
}

func TestDocumentsAndGroups(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	ctx := context.Background()
	docs, err := e.admin.ListDocuments(ctx, &qbusiness.ListDocumentsInput{ApplicationId: &e.appID, IndexId: &e.index, MaxResults: aws.Int32(2)})
	if err != nil || len(docs.DocumentDetailList) != 2 || docs.NextToken == nil || docs.DocumentDetailList[0].Status != types.DocumentStatusIndexed {
		t.Fatalf("ListDocuments %v %+v", err, docs)
	}
	bad, err := e.admin.BatchPutDocument(ctx, &qbusiness.BatchPutDocumentInput{ApplicationId: &e.appID, IndexId: &e.index,
		Documents: []types.Document{{Id: aws.String("s3-doc"), Content: &types.DocumentContentMemberS3{Value: types.S3{Bucket: aws.String("bucket"), Key: aws.String("k")}}}}})
	if err != nil || len(bad.FailedDocuments) != 1 || bad.FailedDocuments[0].Error.ErrorCode != types.ErrorCodeInvalidRequest {
		t.Fatalf("s3 doc: %v %+v", err, bad)
	}
	eleven := make([]types.Document, 11)
	for i := range eleven {
		eleven[i] = doc("d"+string(rune('a'+i)), "t", "x", nil)
	}
	if _, err := e.admin.BatchPutDocument(ctx, &qbusiness.BatchPutDocumentInput{ApplicationId: &e.appID, IndexId: &e.index, Documents: eleven}); apiCode(err) != "ValidationException" {
		t.Fatalf("eleven docs: %v", err)
	}
	g, err := e.admin.GetGroup(ctx, &qbusiness.GetGroupInput{ApplicationId: &e.appID, IndexId: &e.index, GroupName: aws.String("core-team")})
	if err != nil || g.Status.Status != types.GroupStatusSucceeded {
		t.Fatalf("GetGroup %v %+v", err, g)
	}
	gs, err := e.admin.ListGroups(ctx, &qbusiness.ListGroupsInput{ApplicationId: &e.appID, IndexId: &e.index, UpdatedEarlierThan: aws.Time(time.Now().Add(time.Minute))})
	if err != nil || len(gs.Items) != 1 {
		t.Fatalf("ListGroups %v %+v", err, gs)
	}
	// Removing Mary from core-team hides the handbook from her.
	if _, err := e.admin.DeleteGroup(ctx, &qbusiness.DeleteGroupInput{ApplicationId: &e.appID, IndexId: &e.index, GroupName: aws.String("core-team")}); err != nil {
		t.Fatal(err)
	}
	out, err := e.userClient(mary).ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("When does the core team meet?")})
	if err != nil || len(out.SourceAttributions) != 0 {
		t.Fatalf("after DeleteGroup: %v %v", err, citedTitles(out.SourceAttributions))
	}
	if _, err := e.admin.BatchDeleteDocument(ctx, &qbusiness.BatchDeleteDocumentInput{ApplicationId: &e.appID, IndexId: &e.index,
		Documents: []types.DeleteDocument{{DocumentId: aws.String("acme-plan")}}}); err != nil {
		t.Fatal(err)
	}
	out, err = e.userClient(mary).ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("When does the ACME project launch?")})
	if err != nil || len(out.SourceAttributions) != 0 {
		t.Fatalf("after BatchDeleteDocument: %v %v", err, citedTitles(out.SourceAttributions))
	}
}
