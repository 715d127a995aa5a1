package sandbox_test

import (
	"context"
	"net"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/gate/gatetest"
	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
	"github.com/qbiz/qbiz/internal/sandbox/retrieval/corpus"
)

const benchDocs = 10000

// BenchmarkSandboxChatSync measures ChatSync as one federated user against
// an application whose index holds 10,000 synthetic documents.
func BenchmarkSandboxChatSync(b *testing.B) {
	w := startWorld(b, sandbox.Options{})
	app := w.app(b, "oidc")
	loadSynthetic(b, qbusiness.NewFromConfig(w.cfg(w.admin())), app)
	q := qbusiness.NewFromConfig(w.cfg(w.oidcCreds(b, mary)))
	subscribeAndChat(b, q, app.ApplicationID, "hello")
	question := "When does the ACME project launch? " + corpus.SyntheticWord(3) + " " + corpus.SyntheticWord(7)
	in := &qbusiness.ChatSyncInput{ApplicationId: aws.String(app.ApplicationID), UserMessage: aws.String(question)}
	runChatBench(b, q, in)
}

// BenchmarkSandboxBaselineNoop is the same SDK client against an h2c server
// of the same type whose handler answers {}: the floor of SDK + HTTP cost.
func BenchmarkSandboxBaselineNoop(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Protocols: new(http.Protocols), Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	})}
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetUnencryptedHTTP2(true)
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Close() })
	cfg := aws.Config{Region: sandbox.Region, BaseEndpoint: aws.String("http://" + ln.Addr().String()), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("ASIAEXAMPLE", "secret", "token"), HTTPClient: gatetest.H2CClient()}
	in := &qbusiness.ChatSyncInput{ApplicationId: aws.String("00000000-0000-0000-0000-000000000000"), UserMessage: aws.String("hello")}
	runChatBench(b, qbusiness.NewFromConfig(cfg), in)
}

func runChatBench(b *testing.B, q *qbusiness.Client, in *qbusiness.ChatSyncInput) {
	ctx := context.Background()
	lat := make([]time.Duration, 0, 1024)
	start := time.Now()
	for b.Loop() {
		t0 := time.Now()
		if _, err := q.ChatSync(ctx, in); err != nil {
			b.Fatalf("ChatSync: %v", err)
		}
		lat = append(lat, time.Since(t0))
	}
	elapsed := time.Since(start)
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}

// loadSynthetic indexes the synthetic corpus through BatchPutDocument.
func loadSynthetic(b *testing.B, q *qbusiness.Client, app sandbox.Application) {
	b.Helper()
	docs := corpus.Synthetic(benchDocs, 1)
	for start := 0; start < len(docs); start += 10 {
		in := &qbusiness.BatchPutDocumentInput{ApplicationId: aws.String(app.ApplicationID), IndexId: aws.String(app.IndexID)}
		for _, d := range docs[start:min(start+10, len(docs))] {
			in.Documents = append(in.Documents, toQDoc(d))
		}
		out, err := q.BatchPutDocument(context.Background(), in)
		if err != nil || len(out.FailedDocuments) > 0 {
			b.Fatalf("BatchPutDocument at %d: %v %+v", start, err, out)
		}
	}
}

func toQDoc(d retrieval.Document) qtypes.Document {
	doc := qtypes.Document{Id: aws.String(d.ID), Title: aws.String(d.Title), ContentType: qtypes.ContentTypePlainText,
		Content: &qtypes.DocumentContentMemberBlob{Value: []byte(d.Content)}}
	if d.URL != "" {
		doc.Attributes = []qtypes.DocumentAttribute{{Name: aws.String("_source_uri"), Value: &qtypes.DocumentAttributeValueMemberStringValue{Value: d.URL}}}
	}
	if d.ACL == nil {
		return doc
	}
	ac := &qtypes.AccessConfiguration{MemberRelation: qtypes.MemberRelation(d.ACL.MemberRelation)}
	for _, c := range d.ACL.AccessControls {
		control := qtypes.AccessControl{MemberRelation: qtypes.MemberRelation(c.MemberRelation)}
		for _, p := range c.Principals {
			control.Principals = append(control.Principals, toPrincipal(p))
		}
		ac.AccessControls = append(ac.AccessControls, control)
	}
	doc.AccessConfiguration = ac
	return doc
}

func toPrincipal(p retrieval.Principal) qtypes.Principal {
	if p.Kind == "GROUP" {
		return &qtypes.PrincipalMemberGroup{Value: qtypes.PrincipalGroup{Name: aws.String(p.Name), Access: qtypes.ReadAccessType(p.Access)}}
	}
	return &qtypes.PrincipalMemberUser{Value: qtypes.PrincipalUser{Id: aws.String(p.Name), Access: qtypes.ReadAccessType(p.Access)}}
}
