package qbusiness

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/smithy-go"
)

func citedTitles(attrs []*types.SourceAttribution) []string {
	var out []string
	for _, a := range attrs {
		out = append(out, aws.ToString(a.Title))
	}
	return out
}

func TestChatSyncHonoursDocumentACLs(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	tests := []struct {
		user, question, want, notWant string
	}{
		{mary, "When does the ACME project launch?", "ACME launch plan", "AnyOrgApp budget"},
		{mateo, "What is the AnyOrgApp project budget?", "AnyOrgApp budget", "ACME launch plan"},
		{mary, "When does the core team meet?", "Core team handbook", ""},
		{mateo, "When does the ACME project launch?", "", "ACME launch plan"},
		{mary, "What is the AnyOrgApp project budget?", "", "AnyOrgApp budget"},
		{mateo, "When does the core team meet?", "", "Core team handbook"},
	}
	for _, tt := range tests {
		t.Run(tt.user+"/"+tt.question, func(t *testing.T) {
			out, err := e.userClient(tt.user).ChatSync(context.Background(), &qbusiness.ChatSyncInput{
				ApplicationId: &e.appID, UserMessage: aws.String(tt.question)})
			if err != nil {
				t.Fatalf("ChatSync: %v", err)
			}
			titles := strings.Join(citedTitles(out.SourceAttributions), "|")
			if tt.want != "" && !strings.Contains(titles, tt.want) {
				t.Errorf("citations %q, want %q", titles, tt.want)
			}
			if tt.notWant != "" && strings.Contains(titles, tt.notWant) {
				t.Errorf("citations %q leak %q", titles, tt.notWant)
			}
			if tt.want == "" && len(out.SourceAttributions) != 0 {
				t.Errorf("want no answer, got %q", titles)
			}
			if out.ConversationId == nil || out.SystemMessageId == nil || out.UserMessageId == nil || aws.ToString(out.SystemMessage) == "" {
				t.Errorf("incomplete output %+v", out)
			}
		})
	}
}

func TestChatSyncSegmentsPointIntoAnswer(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	out, err := e.userClient(mary).ChatSync(context.Background(), &qbusiness.ChatSyncInput{
		ApplicationId: &e.appID, UserMessage: aws.String("What is the ACME launch codename?")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.SourceAttributions) == 0 {
		t.Fatal("no citations")
	}
	a := out.SourceAttributions[0]
	if aws.ToString(a.Url) != "https://wiki.example.com/acme-plan" || aws.ToInt32(a.CitationNumber) != 1 || a.UpdatedAt == nil {
		t.Errorf("attribution %+v", a)
	}
	text := []rune(aws.ToString(out.SystemMessage))
	for _, sg := range a.TextMessageSegments {
		b, en := int(aws.ToInt32(sg.BeginOffset)), int(aws.ToInt32(sg.EndOffset))
		if b < 0 || en > len(text) || b >= en {
			t.Fatalf("segment [%d,%d) outside %d runes", b, en, len(text))
		}
		if sg.SnippetExcerpt == nil || aws.ToString(sg.SnippetExcerpt.Text) == "" {
			t.Errorf("segment without excerpt")
		}
	}
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

func TestChatSyncRefusals(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	long := strings.Repeat("a", 7001)
	tests := []struct {
		name     string
		client   *qbusiness.Client
		in       qbusiness.ChatSyncInput
		code     string
		contains string
	}{
		{"userId with identity-aware creds", e.userClient(mary), qbusiness.ChatSyncInput{UserId: aws.String(mateo), UserMessage: aws.String("hi")}, "AccessDeniedException", msgIdentityAware},
		{"userGroups with identity-aware creds", e.userClient(mary), qbusiness.ChatSyncInput{UserGroups: []string{"admins"}, UserMessage: aws.String("hi")}, "AccessDeniedException", msgIdentityAware},
		{"admin creds carry no user", e.admin, qbusiness.ChatSyncInput{UserMessage: aws.String("hi")}, "AccessDeniedException", msgNotAuthorized},
		{"message too long", e.userClient(mary), qbusiness.ChatSyncInput{UserMessage: aws.String(long)}, "ValidationException", "7000"},
		{"empty message", e.userClient(mary), qbusiness.ChatSyncInput{UserMessage: aws.String("")}, "ValidationException", "userMessage"},
		{"conversation without parent", e.userClient(mary), qbusiness.ChatSyncInput{UserMessage: aws.String("hi"), ConversationId: aws.String(newID())}, "ValidationException", "parentMessageId"},
		{"unknown conversation", e.userClient(mary), qbusiness.ChatSyncInput{UserMessage: aws.String("hi"), ConversationId: aws.String(newID()), ParentMessageId: aws.String(newID())}, "ResourceNotFoundException", "not found"},
		{"plugin mode", e.userClient(mary), qbusiness.ChatSyncInput{UserMessage: aws.String("hi"), ChatMode: types.ChatModePluginMode}, "ValidationException", "plugin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.ApplicationId = &e.appID
			_, err := tt.client.ChatSync(context.Background(), &in)
			if apiCode(err) != tt.code || !strings.Contains(apiMessage(err), tt.contains) {
				t.Fatalf("err = %v, want %s containing %q", err, tt.code, tt.contains)
			}
		})
	}
}

func TestChatSyncUnknownApplication(t *testing.T) {
	e := newEnv(t)
	id := newID()
	_, err := e.userClient(mary).ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: &id, UserMessage: aws.String("hi")})
	want := "Application Id " + id + " not found for Customer Id 123456789012."
	if apiCode(err) != "ResourceNotFoundException" || apiMessage(err) != want {
		t.Fatalf("err = %v", err)
	}
	bad := "not-an-id"
	_, err = e.userClient(mary).ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: &bad, UserMessage: aws.String("hi")})
	var ve *types.ValidationException
	if !errors.As(err, &ve) || ve.Reason != types.ValidationExceptionReasonFieldValidationFailed || len(ve.Fields) != 1 {
		t.Fatalf("err = %#v", err)
	}
}

func TestContinuityAndOwnership(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	ctx := context.Background()
	maryC := e.userClient(mary)
	first, err := maryC.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("When does the ACME project launch?")})
	if err != nil {
		t.Fatal(err)
	}
	second, err := maryC.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("And the codename?"),
		ConversationId: first.ConversationId, ParentMessageId: first.SystemMessageId})
	if err != nil {
		t.Fatalf("continue: %v", err)
	}
	if *second.ConversationId != *first.ConversationId {
		t.Fatalf("new conversation %s", *second.ConversationId)
	}
	_, err = maryC.ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("stale"),
		ConversationId: first.ConversationId, ParentMessageId: first.SystemMessageId})
	if apiCode(err) != "ConflictException" {
		t.Fatalf("stale parent: %v", err)
	}
	_, err = e.userClient(mateo).ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("hijack"),
		ConversationId: first.ConversationId, ParentMessageId: second.SystemMessageId})
	if apiCode(err) != "ResourceNotFoundException" {
		t.Fatalf("other user's conversation: %v", err)
	}
	_, err = e.userClient(mateo).ListMessages(ctx, &qbusiness.ListMessagesInput{ApplicationId: &e.appID, ConversationId: first.ConversationId})
	if apiCode(err) != "ResourceNotFoundException" {
		t.Fatalf("other user's messages: %v", err)
	}
}

func TestAutoSubscriptionFirstCall(t *testing.T) {
	e := newEnv(t)
	e.setup(true)
	c := e.userClient(mary)
	in := &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("When does the ACME project launch?")}
	_, err := c.ChatSync(context.Background(), in)
	if apiCode(err) != "AccessDeniedException" || !strings.HasSuffix(apiMessage(err), "with message: User does not have a subscription for the given application.") ||
		!strings.HasPrefix(apiMessage(err), "Exception occurred for requestId: ") {
		t.Fatalf("first call: %v", err)
	}
	if _, err := c.ChatSync(context.Background(), in); err != nil {
		t.Fatalf("second call: %v", err)
	}
	_, err = e.userClient(mateo).ListConversations(context.Background(), &qbusiness.ListConversationsInput{ApplicationId: &e.appID})
	if apiCode(err) != "AccessDeniedException" {
		t.Fatalf("mateo first call: %v", err)
	}
}

func TestAuthorizerRefusal(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	e.authz.set("qbusiness:ChatSync", true)
	_, err := e.userClient(mary).ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("hi")})
	if apiCode(err) != "AccessDeniedException" || !strings.Contains(apiMessage(err), "qbusiness:ChatSync") {
		t.Fatalf("err = %v", err)
	}
	e.authz.set("qbusiness:CreateApplication", true)
	_, err = e.admin.CreateApplication(context.Background(), &qbusiness.CreateApplicationInput{DisplayName: aws.String("x"),
		IdentityType: types.IdentityTypeAwsIamIdc, IdentityCenterInstanceArn: aws.String("arn:aws:sso:::instance/ssoins-1234567890abcdef")})
	if apiCode(err) != "AccessDeniedException" {
		t.Fatalf("admin err = %v", err)
	}
}

func TestCreatorModeCitesNothing(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	out, err := e.userClient(mary).ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: &e.appID,
		UserMessage: aws.String("When does the ACME project launch?"), ChatMode: types.ChatModeCreatorMode})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.SourceAttributions) != 0 || strings.Contains(aws.ToString(out.SystemMessage), "Roadrunner") {
		t.Fatalf("creator mode used documents: %+v", out)
	}
}
