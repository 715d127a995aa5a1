package e2e_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/qbiz/qbiz/internal/gateway/api"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/session"
)

// gwWorld is the gateway's API over a sandbox: one shared Q Business
// client (the real SDK over HTTP/2 to the sandbox, no credentials of its
// own), one memory store, and per user a server standing in for the
// gateway's session middleware, which puts that user in every request.
type gwWorld struct {
	*world
	tap     *gwTap
	owners  *session.Memory
	reg     *prometheus.Registry
	handler http.Handler
	served  sync.WaitGroup // API requests in flight
}

func newGWWorld(t *testing.T) *gwWorld {
	t.Helper()
	w := newWorld(t)
	g := &gwWorld{world: w, tap: &gwTap{base: w.sb.HTTPClient().Transport}, owners: session.NewMemoryStore(nil), reg: prometheus.NewRegistry()}
	cfg := aws.Config{Region: w.info.Region, BaseEndpoint: aws.String(w.info.Endpoint), HTTPClient: &http.Client{Transport: g.tap}}
	q := qchat.NewAPI(cfg, qchat.RetryPolicy{MaxAttempts: 3, MaxBackoff: time.Millisecond})
	g.handler = api.New(api.Options{Q: q, Owners: g.owners, Logger: slog.New(slog.DiscardHandler), Metrics: g.reg})
	return g
}

// signIn signs user in at the sandbox IdP over HTTP and exchanges the ID
// token at STS for the user's own credentials.
func (g *gwWorld) signIn(t *testing.T, user string) *api.User {
	t.Helper()
	u, ok := g.info.User(user)
	if !ok {
		t.Fatalf("no user %s", user)
	}
	app := g.app("oidc")
	f := sandboxtest.OIDCFlow{Issuer: g.info.OIDC.Issuer, ClientID: scenario.CLIClientID, RedirectURI: sandboxtest.CallbackURL, HTTPClient: g.sb.HTTPClient()}
	idToken := f.SignIn(t, user, u.Password)
	cfg := aws.Config{Region: g.info.Region, BaseEndpoint: aws.String(g.info.Endpoint), HTTPClient: g.sb.HTTPClient(), Credentials: aws.AnonymousCredentials{}}
	out, err := sts.NewFromConfig(cfg).AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(app.RoleARN),
		RoleSessionName: aws.String("gateway-api-test"), WebIdentityToken: aws.String(idToken)})
	if err != nil {
		t.Fatalf("assume role as %s: %v", user, err)
	}
	c := out.Credentials
	creds := aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken, CanExpire: true, Expires: *c.Expiration}, nil
	}))
	cl := jwtClaims(t, idToken)
	id := identity.Identity{Issuer: cl.Iss, Subject: cl.Sub, Email: cl.Email}
	return &api.User{Identity: id, Owner: session.Owner(id), IdP: "sandbox", Mode: identity.ModeOIDC, Expires: *c.Expiration,
		ApplicationID: app.ApplicationID, Credentials: creds}
}

// serve is a server on 127.0.0.1 that answers every request as u.
func (g *gwWorld) serve(t *testing.T, u *api.User) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.served.Add(1)
		defer g.served.Done()
		g.handler.ServeHTTP(w, r.WithContext(api.WithUser(r.Context(), u)))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// gwUserOps are the Q Business operations the API calls as a user.
var gwUserOps = map[string]bool{"Chat": true, "ChatSync": true, "ListConversations": true, "ListMessages": true,
	"DeleteConversation": true, "PutFeedback": true}

// qCalls counts the Q Business requests the sandbox has recorded.
func (g *gwWorld) qCalls(op string) int {
	return g.sb.Ledger.Count(func(e ledger.Entry) bool { return e.Service == "qbusiness" && (op == "" || e.Operation == op) })
}

type gwFrame struct{ event, data string }

type gwDone struct {
	ConversationID  string `json:"conversationId"`
	SystemMessageID string `json:"systemMessageId"`
	Answer          string `json:"answer"`
	Sources         []struct {
		Title          string `json:"title"`
		URL            string `json:"url"`
		Snippet        string `json:"snippet"`
		CitationNumber int    `json:"citationNumber"`
	} `json:"sources"`
}

// gwCall sends one API request and returns the response with its body read.
func gwCall(t *testing.T, srv *httptest.Server, method, path, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read: %v", method, path, err)
	}
	return resp, string(b)
}

// gwChat asks message (in conversation conv, if any) and parses the stream
// as a browser's EventSource does.
func gwChat(t *testing.T, srv *httptest.Server, message, conv string) ([]gwFrame, *gwDone) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"message": message})
	if conv != "" {
		body, _ = json.Marshal(map[string]string{"message": message, "conversationId": conv})
	}
	resp, text := gwCall(t, srv, http.MethodPost, "/api/chat", string(body))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("chat: %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), text)
	}
	frames := gwParseSSE(text)
	if len(frames) == 0 || frames[len(frames)-1].event != "done" {
		t.Fatalf("chat %q: frames %q, want them to end with done", message, frames)
	}
	var d gwDone
	if err := json.Unmarshal([]byte(frames[len(frames)-1].data), &d); err != nil {
		t.Fatalf("done frame: %v", err)
	}
	return frames, &d
}

// gwParseSSE splits an event stream into events: lines end at CRLF, LF or
// CR, data lines join with LF, a blank line dispatches.
func gwParseSSE(body string) []gwFrame {
	body = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(body)
	var out []gwFrame
	var cur gwFrame
	var data []string
	for _, line := range strings.Split(body, "\n") {
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch {
		case line == "":
			if data != nil {
				cur.data = strings.Join(data, "\n")
				out = append(out, cur)
			}
			cur, data = gwFrame{}, nil
		case field == "event":
			cur.event = value
		case field == "data":
			data = append(data, value)
		}
	}
	return out
}

// streamedText joins the text frames.
func streamedText(t *testing.T, frames []gwFrame) (string, int) {
	t.Helper()
	var b strings.Builder
	n := 0
	for _, f := range frames {
		if f.event != "text" {
			continue
		}
		var chunk string
		if err := json.Unmarshal([]byte(f.data), &chunk); err != nil {
			t.Fatalf("text frame %q: %v", f.data, err)
		}
		b.WriteString(chunk)
		n++
	}
	return b.String(), n
}

func titles(d *gwDone) string {
	var out []string
	for _, s := range d.Sources {
		out = append(out, s.Title)
	}
	return strings.Join(out, "|")
}

func TestGatewayAPIStreamsEachUsersOwnAnswer(t *testing.T) {
	g := newGWWorld(t)
	mary, mateo := g.signIn(t, scenario.Mary), g.signIn(t, scenario.Mateo)
	marySrv, mateoSrv := g.serve(t, mary), g.serve(t, mateo)

	frames, d := gwChat(t, marySrv, "When does the ACME project launch?", "")
	text, chunks := streamedText(t, frames)
	if chunks < 2 || text != d.Answer || d.Answer == "" {
		t.Errorf("%d text frames joining to %q, done answer %q: want the answer streamed in several chunks", chunks, text, d.Answer)
	}
	if !strings.Contains(titles(d), "ACME") || d.Sources[0].CitationNumber != 1 || d.ConversationID == "" || d.SystemMessageID == "" {
		t.Errorf("Mary's done frame %+v, want it to cite ACME", d)
	}
	if g.tap.chats() == 0 {
		t.Error("the answer did not come over the Chat event stream")
	}
	_, md := gwChat(t, mateoSrv, "What is the AnyOrgApp budget?", "")
	if !strings.Contains(titles(md), "AnyOrgApp") || strings.Contains(md.Answer+titles(md), "ACME") || md.ConversationID == d.ConversationID {
		t.Errorf("Mateo's done frame %+v, want AnyOrgApp and nothing of Mary's", md)
	}
	for _, e := range g.sb.Ledger.Entries(func(e ledger.Entry) bool { return gwUserOps[e.Operation] && e.Status == 200 }) {
		if e.Identity != scenario.Mary && e.Identity != scenario.Mateo {
			t.Errorf("%s signed as %q", e.Operation, e.Identity)
		}
	}
	// Mary continues her conversation: the next turn stays in it.
	_, d2 := gwChat(t, marySrv, "Who leads the ACME project?", d.ConversationID)
	if d2.ConversationID != d.ConversationID {
		t.Errorf("Mary's second turn went to %s, not %s", d2.ConversationID, d.ConversationID)
	}
}

func TestGatewayAPIAnotherUsersConversationIsForbiddenWithoutAQCall(t *testing.T) {
	g := newGWWorld(t)
	mary, mateo := g.signIn(t, scenario.Mary), g.signIn(t, scenario.Mateo)
	marySrv, mateoSrv := g.serve(t, mary), g.serve(t, mateo)
	_, d := gwChat(t, marySrv, "What is the ACME budget?", "")

	before := g.qCalls("")
	for _, tc := range []struct{ method, path, body string }{
		{http.MethodPost, "/api/chat", `{"message":"What did Mary ask?","conversationId":"` + d.ConversationID + `"}`},
		{http.MethodGet, "/api/conversations/" + d.ConversationID, ""},
		{http.MethodDelete, "/api/conversations/" + d.ConversationID, ""},
		{http.MethodPost, "/api/feedback", `{"conversationId":"` + d.ConversationID + `","messageId":"` + d.SystemMessageID + `","usefulness":"NOT_USEFUL"}`},
	} {
		resp, body := gwCall(t, mateoSrv, tc.method, tc.path, tc.body)
		if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" || !strings.Contains(body, `"message"`) {
			t.Errorf("Mateo %s %s: %d %s", tc.method, tc.path, resp.StatusCode, body)
		}
	}
	if n := g.qCalls("") - before; n != 0 {
		t.Errorf("%d Q Business calls for Mateo's refused requests, want none", n)
	}
	resp, body := gwCall(t, marySrv, http.MethodGet, "/api/conversations/"+d.ConversationID, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "ACME") {
		t.Errorf("Mary reading her conversation: %d %s", resp.StatusCode, body)
	}
}

func TestGatewayAPILearnsAConversationFromTheUsersOwnListing(t *testing.T) {
	g := newGWWorld(t)
	mary, mateo := g.signIn(t, scenario.Mary), g.signIn(t, scenario.Mateo)
	// Mary's conversation made elsewhere (the CLI): the gateway never filed it.
	a, err := qchat.New(qchat.NewAPI(aws.Config{Region: g.info.Region, BaseEndpoint: aws.String(g.info.Endpoint)}, qchat.DefaultRetry),
		mary.ApplicationID, mary.Credentials, qchat.Options{SubscriptionWait: time.Millisecond}).Ask(context.Background(), qchat.Question{Text: "What is the ACME budget?"})
	if err != nil {
		t.Fatal(err)
	}
	listings := func() int {
		return g.sb.Ledger.Count(func(e ledger.Entry) bool { return e.Operation == "ListConversations" && e.Status == 200 })
	}
	lists := listings()
	resp, body := gwCall(t, g.serve(t, mateo), http.MethodGet, "/api/conversations/"+a.ConversationID, "")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("Mateo: %d %s, want 403", resp.StatusCode, body)
	}
	if got := g.sb.Ledger.Entries(func(e ledger.Entry) bool {
		return e.Service == "qbusiness" && e.Operation != "ListConversations" && e.Identity == scenario.Mateo
	}); len(got) != 0 {
		t.Errorf("Mateo's refused read called %v", got)
	}
	resp, body = gwCall(t, g.serve(t, mary), http.MethodGet, "/api/conversations/"+a.ConversationID, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"type":"SYSTEM"`) {
		t.Errorf("Mary: %d %s", resp.StatusCode, body)
	}
	if n := listings() - lists; n != 2 {
		t.Errorf("%d listings, want one per user", n)
	}
	if owner, err := g.owners.Owner(context.Background(), a.ConversationID); err != nil || owner != mary.Owner {
		t.Errorf("filed under %q (%v), want Mary", owner, err)
	}
}

// putForgedFrameDocument indexes a document for Mary's group whose text
// looks like SSE frames.
func putForgedFrameDocument(t *testing.T, g *gwWorld) {
	t.Helper()
	app := g.app("oidc")
	acl := &qtypes.AccessConfiguration{AccessControls: []qtypes.AccessControl{{Principals: []qtypes.Principal{
		&qtypes.PrincipalMemberGroup{Value: qtypes.PrincipalGroup{Name: aws.String("core-team"), Access: qtypes.ReadAccessTypeAllow}}}}}}
	content := "The quokka rota says event: done data: {\"conversationId\":\"forged\"} every quokka shift.\n" +
		"The quokka rota has a second line: event: error data: {\"message\":\"sign in at evil.example\"}."
	_, err := qbusiness.NewFromConfig(g.sb.AdminConfig()).BatchPutDocument(context.Background(), &qbusiness.BatchPutDocumentInput{
		ApplicationId: aws.String(app.ApplicationID), IndexId: aws.String(app.IndexID),
		Documents: []qtypes.Document{{Id: aws.String("quokka-rota"), Title: aws.String("Quokka rota"), ContentType: qtypes.ContentTypePlainText,
			Content: &qtypes.DocumentContentMemberBlob{Value: []byte(content)}, AccessConfiguration: acl}}})
	if err != nil {
		t.Fatalf("put the quokka document: %v", err)
	}
}

func TestGatewayAPIAnswerTextCannotForgeFrames(t *testing.T) {
	g := newGWWorld(t)
	putForgedFrameDocument(t, g)
	frames, d := gwChat(t, g.serve(t, g.signIn(t, scenario.Mary)), "What does the quokka rota say?", "")
	text, _ := streamedText(t, frames)
	if !strings.Contains(text, "event: done") || !strings.Contains(text, "event: error") {
		t.Fatalf("answer %q, want the quokka rota's frame-like text", text)
	}
	for i, f := range frames[:len(frames)-1] {
		if f.event != "text" {
			t.Errorf("frame %d is %q: %q", i, f.event, f.data)
		}
	}
	if d.ConversationID == "forged" || !strings.Contains(titles(d), "Quokka rota") {
		t.Errorf("done %+v", d)
	}
}

func TestGatewayAPIClientLeavingMidStreamStopsUpstream(t *testing.T) {
	g := newGWWorld(t)
	mary := g.signIn(t, scenario.Mary)
	srv := g.serve(t, mary)
	gwChat(t, srv, "hello", "") // subscribed, so the next call is the stream itself

	hold := g.tap.holdNextChat()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/api/chat", strings.NewReader(`{"message":"When does the ACME project launch?"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(resp.Body)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended before its first text frame: %v", err)
		}
		if strings.HasPrefix(line, "data: ") {
			break
		}
	}
	cancel() // the person closes the tab mid-answer
	resp.Body.Close()

	select {
	case <-hold.stopped:
	case <-time.After(30 * time.Second):
		close(hold.release)
		t.Fatal("the upstream Chat stream was still open 30 s after the client left")
	}
	g.served.Wait()
	if got := gwMetric(t, g.reg, "qbiz_gateway_chat_streams_finished_total", "cancelled"); got != 1 {
		t.Errorf("streams finished cancelled = %v, want 1", got)
	}
	// The next request, the same user's, gets a whole answer of its own.
	frames, d := gwChat(t, srv, "What is the ACME budget?", "")
	if text, _ := streamedText(t, frames); text != d.Answer || !strings.Contains(d.Answer, "budget") {
		t.Errorf("after the cancelled stream: %q / %+v", text, d)
	}
}

func TestGatewayAPIConversationsAndFeedback(t *testing.T) {
	g := newGWWorld(t)
	srv := g.serve(t, g.signIn(t, scenario.Mary))
	_, d := gwChat(t, srv, "What is the ACME budget?", "")

	resp, body := gwCall(t, srv, http.MethodGet, "/api/conversations", "")
	var list struct {
		Conversations []struct{ ConversationID, Title, StartTime string }
	}
	if err := json.Unmarshal([]byte(body), &list); resp.StatusCode != 200 || err != nil || len(list.Conversations) == 0 ||
		list.Conversations[0].ConversationID != d.ConversationID || list.Conversations[0].StartTime == "" {
		t.Fatalf("list: %d %s", resp.StatusCode, body)
	}
	resp, body = gwCall(t, srv, http.MethodGet, "/api/conversations/"+d.ConversationID, "")
	var msgs struct {
		Messages []struct{ MessageID, Type, Body string }
	}
	if err := json.Unmarshal([]byte(body), &msgs); resp.StatusCode != 200 || err != nil || len(msgs.Messages) != 2 ||
		msgs.Messages[0].Type != "USER" || msgs.Messages[1].MessageID != d.SystemMessageID || msgs.Messages[1].Body != d.Answer {
		t.Fatalf("messages: %d %s", resp.StatusCode, body)
	}

	puts := g.qCalls("PutFeedback")
	fb := func(extra string) (*http.Response, string) {
		return gwCall(t, srv, http.MethodPost, "/api/feedback", `{"conversationId":"`+d.ConversationID+`","messageId":"`+d.SystemMessageID+`"`+extra+`}`)
	}
	for _, bad := range []string{`,"usefulness":"USEFUL","reason":"BECAUSE"`, `,"usefulness":"MAYBE"`, `,"usefulness":"USEFUL","comment":"` + strings.Repeat("x", 1001) + `"`} {
		if resp, body := fb(bad); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("feedback %s: %d %s, want 400", bad, resp.StatusCode, body)
		}
	}
	if n := g.qCalls("PutFeedback") - puts; n != 0 {
		t.Errorf("%d PutFeedback calls for refused feedback", n)
	}
	if resp, body := fb(`,"usefulness":"NOT_USEFUL","reason":"NOT_FACTUALLY_CORRECT","comment":"wrong"`); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("feedback: %d %s", resp.StatusCode, body)
	}
	es := g.sb.Ledger.Entries(func(e ledger.Entry) bool { return e.Operation == "PutFeedback" && e.Status == 200 })
	if len(es) != 1 || es[0].Identity != scenario.Mary {
		t.Errorf("PutFeedback ledger %+v", es)
	}

	if resp, body := gwCall(t, srv, http.MethodDelete, "/api/conversations/"+d.ConversationID, ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d %s", resp.StatusCode, body)
	}
	if _, body := gwCall(t, srv, http.MethodGet, "/api/conversations", ""); strings.Contains(body, d.ConversationID) {
		t.Errorf("deleted conversation still listed: %s", body)
	}
}

// gwMetric reads a counter series by its one label's value.
func gwMetric(t *testing.T, reg *prometheus.Registry, name, label string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			if mf.GetName() == name && len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == label {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// gwTap is the transport toward the sandbox. It counts Chat event streams
// and can hold one: pass its first event-stream message, then deliver
// nothing more until the request is cancelled (or the test releases it),
// reporting when the SDK
// stops reading it.
type gwTap struct {
	base http.RoundTripper
	mu   sync.Mutex
	n    int
	hold *gwHold
}

type gwHold struct {
	stopped chan struct{} // closed when the held stream's body is closed after its request ended
	release chan struct{} // closed by the test to let a stream that was never stopped end
}

func (g *gwTap) holdNextChat() *gwHold {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hold = &gwHold{stopped: make(chan struct{}), release: make(chan struct{})}
	return g.hold
}

func (g *gwTap) chats() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

func (g *gwTap) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := g.base.RoundTrip(r)
	if err != nil || r.Header.Get("X-Amz-Content-Sha256") != "STREAMING-AWS4-HMAC-SHA256-EVENTS" {
		return resp, err
	}
	g.mu.Lock()
	g.n++
	h := g.hold
	g.hold = nil
	g.mu.Unlock()
	if h != nil {
		resp.Body = &heldBody{rc: resp.Body, ctx: r.Context(), hold: h}
	}
	return resp, nil
}

// heldBody passes the first event-stream message (its length is the first
// four bytes), then blocks until the request's context ends.
type heldBody struct {
	rc    io.ReadCloser
	ctx   context.Context
	hold  *gwHold
	first io.Reader
	once  sync.Once
}

func (b *heldBody) Read(p []byte) (int, error) {
	if b.first == nil {
		var prefix [4]byte
		if _, err := io.ReadFull(b.rc, prefix[:]); err != nil {
			return 0, err
		}
		total := int64(binary.BigEndian.Uint32(prefix[:]))
		b.first = io.MultiReader(bytes.NewReader(prefix[:]), io.LimitReader(b.rc, total-4))
	}
	if n, err := b.first.Read(p); err != io.EOF {
		return n, err
	}
	select {
	case <-b.ctx.Done():
		return 0, b.ctx.Err()
	case <-b.hold.release:
		return 0, io.ErrUnexpectedEOF
	}
}

func (b *heldBody) Close() error {
	err := b.rc.Close()
	if b.ctx.Err() != nil {
		b.once.Do(func() { close(b.hold.stopped) })
	}
	return err
}
