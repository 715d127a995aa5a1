package qbusiness

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
)

func TestSnapshotRestore(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	ctx := context.Background()
	first, err := e.userClient(mary).ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("When does the core team meet?")})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	e.svc.mu.Lock()
	e.svc.apps = map[string]*application{}
	e.svc.mu.Unlock()
	if err := e.svc.Restore(b); err != nil {
		t.Fatal(err)
	}
	out, err := e.userClient(mary).ChatSync(ctx, &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String("When does the core team meet?"),
		ConversationId: first.ConversationId, ParentMessageId: first.SystemMessageId})
	if err != nil {
		t.Fatalf("after restore: %v", err)
	}
	if titles := strings.Join(citedTitles(out.SourceAttributions), "|"); !strings.Contains(titles, "Core team handbook") {
		t.Fatalf("group membership lost: %q", titles)
	}
	if err := e.svc.Restore([]byte("{")); err == nil {
		t.Fatal("bad snapshot accepted")
	}
}
