package httpclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// DialTimeout bounds making a connection: a host that silently drops
// packets fails after it, not after the default dialers' 30 s. TLS
// handshakes keep their own 10 s bound, and a request's context (or an
// IdP client's timeout) bounds the whole exchange.
const DialTimeout = 5 * time.Second

// Options are the settings every client shares.
type Options struct {
	// RootCAs, when set, are the only roots trusted for TLS.
	RootCAs *x509.CertPool
	// dialControl, when set, sees every connection before it is made.
	dialControl func(ctx context.Context, network, address string, c syscall.RawConn) error
}

// LoadCABundle reads a PEM file of CA certificates.
func LoadCABundle(path string) (*x509.CertPool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read CA bundle: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("CA bundle %s holds no PEM certificate", path)
	}
	return pool, nil
}

// CheckCABundle tells whether LoadCABundle would succeed at the cost of
// parsing one certificate, not all: a system bundle holds over a hundred,
// and a command that makes no request should not pay for them.
func CheckCABundle(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read CA bundle: %w", err)
	}
	for len(data) > 0 {
		var block *pem.Block
		if block, data = pem.Decode(data); block == nil {
			break
		}
		if block.Type != "CERTIFICATE" || len(block.Headers) != 0 {
			continue
		}
		if _, err := x509.ParseCertificate(block.Bytes); err == nil {
			return nil
		}
	}
	return fmt.Errorf("CA bundle %s holds no PEM certificate", path)
}

// AWS returns an AWS SDK client on the SDK's default transport: HTTP/2
// or HTTP/1.1 as TLS negotiates, HTTP/1.1 over http.
func (o Options) AWS() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithDialerOptions(o.dial).WithTransportOptions(o.trust)
}

// Stream is AWS for a client of endpoint that needs HTTP/2 whatever the
// scheme, as the Q Business Chat event stream does: for an http://
// endpoint (the sandbox) it speaks unencrypted HTTP/2 with prior
// knowledge.
func (o Options) Stream(endpoint string) *awshttp.BuildableClient {
	c := o.AWS()
	if !strings.HasPrefix(endpoint, "http://") {
		return c
	}
	return c.WithTransportOptions(func(tr *http.Transport) {
		tr.Protocols = new(http.Protocols)
		tr.Protocols.SetUnencryptedHTTP2(true)
	})
}

// IdP returns a client for identity provider and other plain HTTP
// requests: HTTP/1.1, or HTTP/2 where TLS negotiates it, each request
// bounded by timeout.
func (o Options) IdP(timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{KeepAlive: 30 * time.Second}
	o.dial(d)
	tr.DialContext = d.DialContext
	o.trust(tr)
	return &http.Client{Transport: tr, Timeout: timeout}
}

// dial sets how every client connects.
func (o Options) dial(d *net.Dialer) {
	d.Timeout = DialTimeout
	d.ControlContext = o.dialControl
}

// trust sets the transport's roots. The pool is cloned: the SDK appends
// AWS_CA_BUNDLE of the process environment to whatever pool it finds.
func (o Options) trust(tr *http.Transport) {
	if o.RootCAs == nil {
		return
	}
	if tr.TLSClientConfig == nil {
		tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	tr.TLSClientConfig.RootCAs = o.RootCAs.Clone()
	tr.ForceAttemptHTTP2 = true // a custom TLS config turns off HTTP/2 unless asked for
}

// Lazy is a transport built at its first request: a command that makes
// none (a warm credential_process answer) never loads the CA bundle.
func Lazy(build func() http.RoundTripper) http.RoundTripper {
	return lazy(sync.OnceValue(build))
}

type lazy func() http.RoundTripper

func (l lazy) RoundTrip(r *http.Request) (*http.Response, error) { return l().RoundTrip(r) }
