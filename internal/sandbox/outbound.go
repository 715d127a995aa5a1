package sandbox

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"time"
)

// outboundClient is what the sandbox's STS and sso-oidc fetch token
// issuers' discovery documents and JWKS with. It speaks as AWS's fetcher
// does: HTTP/1.1, or HTTP/2 when TLS negotiates it (ALPN), never HTTP/2
// with prior knowledge, which a third-party IdP does not speak. It trusts
// the system's roots and, under TLS, the sandbox's own CA, so its own
// issuers verify like any other.
func (s *Sandbox) outboundClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Protocols = new(http.Protocols)
	tr.Protocols.SetHTTP1(true)
	tr.Protocols.SetHTTP2(true)
	if s.ca != nil {
		roots, err := x509.SystemCertPool()
		if err != nil {
			roots = x509.NewCertPool()
		}
		roots.AddCert(s.ca.caCert)
		tr.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}
