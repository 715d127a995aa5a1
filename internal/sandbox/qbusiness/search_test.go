package qbusiness

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// retrieverID is the id of the application's one retriever.
func (e *env) retrieverID() string {
	e.t.Helper()
	out, err := e.admin.ListRetrievers(context.Background(), &qbusiness.ListRetrieversInput{ApplicationId: &e.appID})
	if err != nil || len(out.Retrievers) != 1 {
		e.t.Fatalf("ListRetrievers: %v %+v", err, out)
	}
	return aws.ToString(out.Retrievers[0].RetrieverId)
}

func (e *env) search(user, query, retriever string, edit func(*qbusiness.SearchRelevantContentInput)) (*qbusiness.SearchRelevantContentOutput, error) {
	in := &qbusiness.SearchRelevantContentInput{ApplicationId: &e.appID, QueryText: aws.String(query),
		ContentSource: &types.ContentSourceMemberRetriever{Value: types.RetrieverContentSource{RetrieverId: aws.String(retriever)}}}
	if edit != nil {
		edit(in)
	}
	return e.userClient(user).SearchRelevantContent(context.Background(), in)
}

func contentIDs(rc []types.RelevantContent) []string {
	var out []string
	for _, c := range rc {
		out = append(out, aws.ToString(c.DocumentId))
	}
	return out
}

// Search applies the document ACLs exactly as Chat does: each user finds
// the documents Chat would cite for them, and nothing else.
func TestSearchRelevantContentHonoursDocumentACLs(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	rt := e.retrieverID()
	tests := []struct {
		user, query string
		want        []string
	}{
		{mary, "project codename", []string{"acme-plan"}},
		{mateo, "project codename", []string{"anyorg-budget"}},
		{mary, "core team meets Tuesday", []string{"core-handbook"}},
		{mateo, "core team meets Tuesday", nil},
	}
	for _, tt := range tests {
		t.Run(tt.user+"/"+tt.query, func(t *testing.T) {
			out, err := e.search(tt.user, tt.query, rt, nil)
			if err != nil {
				t.Fatalf("SearchRelevantContent: %v", err)
			}
			if got := contentIDs(out.RelevantContent); !slices.Equal(got, tt.want) {
				t.Fatalf("documents %v, want %v", got, tt.want)
			}
			for _, c := range out.RelevantContent {
				if aws.ToString(c.DocumentTitle) == "" || !strings.HasPrefix(aws.ToString(c.DocumentUri), "https://wiki.example.com/") ||
					aws.ToString(c.Content) == "" || c.ScoreAttributes == nil || c.ScoreAttributes.ScoreConfidence != types.ScoreConfidenceVeryHigh {
					t.Errorf("content %+v", c)
				}
			}
			chat, err := e.userClient(tt.user).ChatSync(context.Background(), &qbusiness.ChatSyncInput{ApplicationId: &e.appID, UserMessage: aws.String(tt.query)})
			if err != nil {
				t.Fatal(err)
			}
			for _, title := range citedTitles(chat.SourceAttributions) {
				if !slices.ContainsFunc(out.RelevantContent, func(c types.RelevantContent) bool { return aws.ToString(c.DocumentTitle) == title }) {
					t.Errorf("chat cites %q, search does not find it", title)
				}
			}
		})
	}
}

// putACMENotes adds a second ACME document Mary may read.
func (e *env) putACMENotes() {
	e.t.Helper()
	_, err := e.admin.BatchPutDocument(context.Background(), &qbusiness.BatchPutDocumentInput{ApplicationId: &e.appID, IndexId: &e.index,
		Documents: []types.Document{doc("acme-notes", "ACME notes", "The ACME codename Roadrunner was chosen in March.", userACL(mary))}})
	if err != nil {
		e.t.Fatal(err)
	}
}

func TestSearchRelevantContentAttributesAndFilter(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	e.putACMENotes()
	rt := e.retrieverID()
	out, err := e.search(mary, "ACME codename", rt, nil)
	if err != nil || len(out.RelevantContent) != 2 {
		t.Fatalf("%v %+v", err, out)
	}
	attrs := out.RelevantContent[0].DocumentAttributes
	if len(attrs) != 1 || aws.ToString(attrs[0].Name) != "_source_uri" {
		t.Fatalf("attributes %+v", attrs)
	}
	if v, ok := attrs[0].Value.(*types.DocumentAttributeValueMemberStringValue); !ok || !strings.HasPrefix(v.Value, "https://") {
		t.Errorf("attribute value %#v", attrs[0].Value)
	}
	filtered, err := e.search(mary, "ACME codename", rt, func(in *qbusiness.SearchRelevantContentInput) {
		in.AttributeFilter = &types.AttributeFilter{EqualsTo: &types.DocumentAttribute{Name: aws.String("_source_uri"),
			Value: &types.DocumentAttributeValueMemberStringValue{Value: "https://wiki.example.com/acme-notes"}}}
	})
	if err != nil || !slices.Equal(contentIDs(filtered.RelevantContent), []string{"acme-notes"}) {
		t.Errorf("filtered: %v %v", err, contentIDs(filtered.RelevantContent))
	}
}

func TestSearchRelevantContentPages(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	e.putACMENotes()
	rt := e.retrieverID()
	one := func(in *qbusiness.SearchRelevantContentInput) { in.MaxResults = aws.Int32(1) }
	p1, err := e.search(mary, "ACME codename", rt, one)
	if err != nil || len(p1.RelevantContent) != 1 || p1.NextToken == nil {
		t.Fatalf("page 1: %v %+v", err, p1)
	}
	next := func(token string) func(*qbusiness.SearchRelevantContentInput) {
		return func(in *qbusiness.SearchRelevantContentInput) { one(in); in.NextToken = aws.String(token) }
	}
	p2, err := e.search(mary, "ACME codename", rt, next(*p1.NextToken))
	if err != nil || len(p2.RelevantContent) != 1 || p2.NextToken != nil || contentIDs(p2.RelevantContent)[0] == contentIDs(p1.RelevantContent)[0] {
		t.Fatalf("page 2: %v %+v", err, p2)
	}
	// A token is bound to its user and query.
	if _, err := e.search(mateo, "ACME codename", rt, next(*p1.NextToken)); apiCode(err) != "ValidationException" {
		t.Errorf("another user's token: %v", err)
	}
	if _, err := e.search(mary, "ACME", rt, next(*p1.NextToken)); apiCode(err) != "ValidationException" {
		t.Errorf("another query's token: %v", err)
	}
}

func TestSearchRelevantContentRefusals(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	rt := e.retrieverID()
	missing := strings.Replace(rt, rt[:1], map[bool]string{true: "b", false: "a"}[rt[:1] == "a"], 1)
	tests := []struct {
		name, retriever, code string
		edit                  func(*qbusiness.SearchRelevantContentInput)
	}{
		{"bad retriever id", "short", "ValidationException", nil},
		{"unknown retriever", missing, "ResourceNotFoundException", nil},
		{"unknown application", rt, "ResourceNotFoundException", func(in *qbusiness.SearchRelevantContentInput) { in.ApplicationId = aws.String(missing) }},
		{"forged token", rt, "ValidationException", func(in *qbusiness.SearchRelevantContentInput) { in.NextToken = aws.String("1.abc") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.search(mary, "ACME", tt.retriever, tt.edit); apiCode(err) != tt.code {
				t.Errorf("got %v, want %s", err, tt.code)
			}
		})
	}
	e.authz.set("qbusiness:SearchRelevantContent", true)
	_, err := e.search(mary, "ACME", rt, nil)
	if apiCode(err) != "AccessDeniedException" || !strings.Contains(apiMessage(err), "qbusiness:SearchRelevantContent") {
		t.Errorf("denied: %v", err)
	}
}

// The model's required members and the union are checked on the wire
// (the SDK checks them before sending, so these bodies come raw).
func TestSearchRelevantContentValidation(t *testing.T) {
	rt := `"` + strings.Repeat("a", 36) + `"`
	tests := []struct{ body, field string }{
		{`{"contentSource":{"retriever":{"retrieverId":` + rt + `}}}`, "queryText"},
		{`{"queryText":"x"}`, "contentSource"},
		{`{"queryText":"x","contentSource":{}}`, "contentSource"},
		{`{"queryText":"x","contentSource":{"retriever":{}}}`, "contentSource.retriever.retrieverId"},
		{`{"queryText":"x","contentSource":{"retriever":{"retrieverId":"a-b"}}}`, "contentSource.retriever.retrieverId"},
		{`{"queryText":"x","contentSource":{"retriever":{"retrieverId":` + rt + `}},"nextToken":""}`, "nextToken"},
	}
	for _, tt := range tests {
		var in searchInput
		e := (&call{body: []byte(tt.body)}).decodeValid(&in)
		if e == nil || e.Code != codeValidation || !strings.Contains(e.Message, "'"+tt.field+"'") {
			t.Errorf("%s: %+v", tt.body, e)
		}
	}
	var in searchInput
	ok := `{"queryText":"","contentSource":{"retriever":{"retrieverId":` + rt + `}},"maxResults":500}`
	if e := (&call{body: []byte(ok)}).decodeValid(&in); e != nil || in.pageSize() != maxSearchHits {
		t.Errorf("the model bounds neither queryText nor maxResults: %+v %d", e, in.pageSize())
	}
}
