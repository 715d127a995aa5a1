package awsauth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// t0 is the tests' reference instant: a whole second, so X-Amz-Date carries it exactly.
var t0 = time.Date(2025, 3, 14, 12, 30, 0, 0, time.UTC)

const testAccount = "123456789012"

// clock is an injectable, settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func testKey() []byte { return bytes.Repeat([]byte{7}, 32) }

func newTestAuthority(t testing.TB, c *clock) *Authority {
	t.Helper()
	a, err := NewAuthority(testKey(), c.Now)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func userPrincipal() Principal {
	return Principal{Account: testAccount, ARN: "arn:aws:iam::" + testAccount + ":user/admin", UserID: "AIDAEXAMPLEUSER00001", Kind: "user"}
}

func rolePrincipal(email string) Principal {
	return Principal{
		Account: testAccount, Kind: "assumed-role",
		ARN:         "arn:aws:sts::" + testAccount + ":assumed-role/QUser/" + email,
		UserID:      "AROAEXAMPLEROLE00001:" + email,
		RoleARN:     "arn:aws:iam::" + testAccount + ":role/QUser",
		SessionName: email,
		Tags:        map[string]string{"Email": email},
		Federation:  &Federation{Kind: "oidc", ProviderARN: "arn:aws:iam::" + testAccount + ":oidc-provider/idp", Issuer: "https://idp", Subject: "sub-1", Audience: "client"},
	}
}

func hashHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// outcome is what Verify returned on the server side.
type outcome struct {
	v     *Verified
	err   *wire.Error
	proto string // the HTTP version the request arrived in
}

// rig runs Verify inside a real HTTP server so Host, ContentLength and the
// escaped path are exactly what a server sees.
type rig struct {
	clock *clock
	a     *Authority
	srv   *httptest.Server

	mu   sync.Mutex
	want Request
	got  outcome
}

func newRig(t *testing.T) *rig {
	t.Helper()
	rg := &rig{clock: newClock(t0)}
	rg.a = newTestAuthority(t, rg.clock)
	rg.srv = httptest.NewServer(http.HandlerFunc(rg.serve))
	t.Cleanup(rg.srv.Close)
	return rg
}

// newH2CRig is a rig spoken to over HTTP/2 without TLS (prior knowledge),
// as the sandbox serves Q Business, so the authority arrives as :authority.
func newH2CRig(t *testing.T) *rig {
	t.Helper()
	rg := &rig{clock: newClock(t0)}
	rg.a = newTestAuthority(t, rg.clock)
	rg.srv = httptest.NewUnstartedServer(http.HandlerFunc(rg.serve))
	rg.srv.Config.Protocols = new(http.Protocols)
	rg.srv.Config.Protocols.SetUnencryptedHTTP2(true)
	rg.srv.Start()
	t.Cleanup(rg.srv.Close)
	tr := rg.srv.Client().Transport.(*http.Transport)
	tr.Protocols = new(http.Protocols)
	tr.Protocols.SetUnencryptedHTTP2(true)
	return rg
}

func (rg *rig) serve(w http.ResponseWriter, r *http.Request) {
	body, err := wire.ReadBody(r.Body, wire.MaxBody)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rg.mu.Lock()
	want := rg.want
	rg.mu.Unlock()
	want.Body = body
	v, werr := rg.a.Verify(r, want)
	rg.mu.Lock()
	rg.got = outcome{v: v, err: werr, proto: r.Proto}
	rg.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// do sends req and returns the server's verification outcome.
func (rg *rig) do(t *testing.T, req *http.Request, want Request) outcome {
	t.Helper()
	rg.mu.Lock()
	rg.want, rg.got = want, outcome{}
	rg.mu.Unlock()
	resp, err := rg.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("server status %d", resp.StatusCode)
	}
	rg.mu.Lock()
	defer rg.mu.Unlock()
	return rg.got
}

// newRequest builds a request to the rig with body and a known length.
func (rg *rig) newRequest(t testing.TB, method, pathAndQuery, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, rg.srv.URL+pathAndQuery, bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(len(body))
	if body == "" {
		req.Body = http.NoBody
	}
	return req
}

// sign signs req with the real SDK signer as SDK clients do (path escaping on).
func sign(t testing.TB, req *http.Request, creds aws.Credentials, payloadHash, service, region string, at time.Time) {
	t.Helper()
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, payloadHash, service, region, at); err != nil {
		t.Fatalf("sign: %v", err)
	}
}

func assertWireError(t *testing.T, got *wire.Error, status int, code, msg string) {
	t.Helper()
	if got == nil {
		t.Fatalf("verified; want %d %s %q", status, code, msg)
	}
	if got.Status != status || got.Code != code || (msg != "" && got.Message != msg) {
		t.Fatalf("got %d %s %q\nwant %d %s %q", got.Status, got.Code, got.Message, status, code, msg)
	}
}
