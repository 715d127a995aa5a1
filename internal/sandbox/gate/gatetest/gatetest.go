// Package gatetest starts one emulated service behind the real gate on a
// loopback h2c server, with an admin key, for the services' own tests.
package gatetest

import (
	"crypto/rand"
	"net"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/gate"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// Account and Region of every harness.
const (
	Account = "123456789012"
	Region  = "us-east-1"
)

// Harness is a running gate.
type Harness struct {
	Gate  *gate.Gate
	URL   string
	Admin awsauth.Credentials
	mux   *http.ServeMux
}

// New returns a harness with an authority, ledger, faults and an admin
// IAM user key; mount services with Mount, then call Start.
func New(t testing.TB) *Harness {
	t.Helper()
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	a, err := awsauth.NewAuthority(key, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &Harness{Gate: &gate.Gate{Authority: a, Ledger: ledger.New(10000), Faults: faults.New(), Region: Region}, mux: http.NewServeMux()}
	h.Admin = a.NewLongTermKey(AdminPrincipal())
	return h
}

// AdminPrincipal is the sandbox administrator IAM user.
func AdminPrincipal() awsauth.Principal {
	return awsauth.Principal{Account: Account, ARN: "arn:aws:iam::" + Account + ":user/qbiz-admin", UserID: "AIDAQBIZADMIN0000001", Kind: "user"}
}

// Mount serves svc at pattern (e.g. "/" or "POST /").
func (h *Harness) Mount(pattern string, svc gate.Service) { h.mux.Handle(pattern, h.Gate.Wrap(svc)) }

// Handle serves a plain handler at pattern (IdP endpoints and the like).
func (h *Harness) Handle(pattern string, hd http.Handler) { h.mux.Handle(pattern, hd) }

// Start serves on 127.0.0.1 with HTTP/1.1 and h2c until the test ends.
// Services may be mounted after Start (their issuer URLs need h.URL).
func (h *Harness) Start(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h.mux, Protocols: new(http.Protocols)}
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetUnencryptedHTTP2(true)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	h.URL = "http://" + ln.Addr().String()
}

// Config returns an SDK config pointed at the harness, signing with creds,
// over an h2c-capable client (Q Business Chat needs HTTP/2).
func (h *Harness) Config(creds awsauth.Credentials) aws.Config {
	return aws.Config{
		Region:           Region,
		BaseEndpoint:     aws.String(h.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken),
		HTTPClient:       H2CClient(),
		RetryMaxAttempts: 1,
	}
}

// H2CClient is an SDK HTTP client that speaks unencrypted HTTP/2 to http:// URLs.
func H2CClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.Protocols = new(http.Protocols)
		tr.Protocols.SetUnencryptedHTTP2(true)
	})
}
