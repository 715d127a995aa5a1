package gate_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const (
	account = "123456789012"
	region  = "us-east-1"
)

// call is what a service handler saw.
type call struct {
	verified *awsauth.Verified
	body     string
}

// world is a gate in front of an awsQuery service at / and a restJson1
// service under /applications/.
type world struct {
	a      *awsauth.Authority
	g      *gate.Gate
	srv    *httptest.Server
	admin  awsauth.Credentials
	mu     sync.Mutex
	calls  []call
	stream func(w http.ResponseWriter, r *http.Request) // streaming handler
}

func newWorld(t *testing.T) *world {
	t.Helper()
	a, err := awsauth.NewAuthority(bytes.Repeat([]byte{3}, 32), nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{a: a}
	w.g = &gate.Gate{Authority: a, Ledger: ledger.New(100), Faults: faults.New(), Region: region}
	w.admin = a.NewLongTermKey(awsauth.Principal{Account: account, ARN: "arn:aws:iam::" + account + ":user/admin", Kind: "user"})
	mux := http.NewServeMux()
	mux.Handle("/", w.g.Wrap(w.querySvc()))
	mux.Handle("/applications/", w.g.Wrap(w.jsonSvc()))
	w.srv = httptest.NewServer(mux)
	t.Cleanup(w.srv.Close)
	return w
}

func (w *world) record(r *http.Request) string {
	b, _ := io.ReadAll(r.Body)
	w.mu.Lock()
	w.calls = append(w.calls, call{verified: awsauth.FromContext(r.Context()), body: string(b)})
	w.mu.Unlock()
	return string(b)
}

func (w *world) takeCalls() []call {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.calls
	w.calls = nil
	return c
}

type callerIdentity struct {
	XMLName xml.Name `xml:"GetCallerIdentityResult"`
	Arn     string   `xml:"Arn"`
}

// issuedSession is the principal the stub STS names for the session an
// AssumeRoleWithWebIdentity issues.
var issuedSession = &ledger.Principal{ARN: "arn:aws:sts::123456789012:assumed-role/r/s", Kind: "assumed-role",
	Federation: "oidc", ProviderARN: "arn:aws:iam::123456789012:oidc-provider/idp", Subject: "sub-1", Email: "mary@example.com"}

func (w *world) querySvc() gate.Service {
	return gate.Service{
		Name: "sts", SigningName: "sts", Family: awsauth.Query, Namespace: wire.STSNamespace, ThrottleCode: "Throttling",
		Anonymous: func(_ *http.Request, body []byte) bool {
			form, err := url.ParseQuery(string(body))
			return err == nil && form.Get("Action") == "AssumeRoleWithWebIdentity"
		},
		Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			body := w.record(r)
			form, _ := url.ParseQuery(body)
			ledger.SetOperation(r.Context(), form.Get("Action"))
			ledger.SetDetail(r.Context(), "version", form.Get("Version"))
			if form.Get("Action") == "AssumeRoleWithWebIdentity" {
				ledger.SetPrincipal(r.Context(), issuedSession)
			}
			arn := ""
			if v := awsauth.FromContext(r.Context()); v != nil {
				arn = v.Principal.ARN
			}
			wire.WriteQueryResult(rw, r, wire.STSNamespace, form.Get("Action"), callerIdentity{Arn: arn})
		}),
	}
}

func (w *world) jsonSvc() gate.Service {
	return gate.Service{
		Name: "qbusiness", SigningName: "qbusiness", Family: awsauth.JSON, JSONContentType: wire.ContentTypeJSON,
		Streaming: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/stream") },
		Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/stream") {
				ledger.SetOperation(r.Context(), "Chat")
				w.stream(rw, r)
				return
			}
			w.record(r)
			ledger.SetOperation(r.Context(), "ChatSync")
			if strings.HasSuffix(r.URL.Path, "/denied") {
				wire.WriteJSONError(rw, r, wire.ContentTypeJSON, wire.Errorf(403, "AccessDeniedException", "no"))
				return
			}
			wire.WriteJSON(rw, r, wire.ContentTypeJSON, 200, map[string]string{"ok": "yes"})
		}),
	}
}

func payloadHash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// request builds a request; creds nil leaves it unsigned.
func (w *world) request(t *testing.T, path string, body []byte, service string, creds *aws.Credentials) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, w.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if creds != nil {
		if err := v4.NewSigner().SignHTTP(context.Background(), *creds, req, payloadHash(body), service, region, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return req
}

type response struct {
	status  int
	header  http.Header
	body    string
	errType string // Query Error/Code or JSON x-amzn-ErrorType
	message string
}

func (w *world) send(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := response{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if resp.StatusCode < 300 {
		return out
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") {
		var doc struct {
			Code    string `xml:"Error>Code"`
			Message string `xml:"Error>Message"`
		}
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("error document: %v: %s", err, b)
		}
		out.errType, out.message = doc.Code, doc.Message
		return out
	}
	out.errType = resp.Header.Get("x-amzn-ErrorType")
	return out
}

func creds(c awsauth.Credentials) *aws.Credentials {
	s := c.SDK()
	return &s
}
