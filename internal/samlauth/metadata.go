package samlauth

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/russellhaering/gosaml2/types"
)

// idpInfo is what the SP takes from the IdP metadata.
type idpInfo struct {
	entityID string
	ssoURL   string
	certs    []*x509.Certificate
}

// FetchMetadata downloads IdP metadata, reading at most 1 MiB. The URL must
// be https, or http on a loopback host (the sandbox): the metadata carries
// the trust anchors.
func FetchMetadata(ctx context.Context, client *http.Client, metadataURL string) ([]byte, error) {
	if err := checkMetadataURL(metadataURL); err != nil {
		return nil, fmt.Errorf("fetch IdP metadata: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, metadataURL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch IdP metadata: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch IdP metadata: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch IdP metadata: %w: HTTP status %d", ErrMetadata, resp.StatusCode)
	}
	return readCapped(resp.Body, maxMetadataBytes)
}

func readCapped(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read IdP metadata: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("read IdP metadata: %w: larger than %d bytes", ErrMetadata, limit)
	}
	return b, nil
}

func checkMetadataURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%w: %q is not an absolute URL", ErrMetadata, raw)
	}
	if u.Scheme == "https" || (u.Scheme == "http" && isLoopbackHost(u.Hostname())) {
		return nil
	}
	return fmt.Errorf("%w: metadata must be fetched over https (http only for loopback hosts)", ErrMetadata)
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// parseMetadata reads an EntityDescriptor with one IDPSSODescriptor after
// the same raw-XML pre-checks as a response.
func parseMetadata(b []byte, ssoOverride string) (*idpInfo, error) {
	if err := checkXML(b, maxMetadataBytes); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMetadata, err)
	}
	var ed types.EntityDescriptor
	if err := xml.Unmarshal(b, &ed); err != nil {
		return nil, fmt.Errorf("%w: not a SAML EntityDescriptor", ErrMetadata)
	}
	if ed.EntityID == "" || ed.IDPSSODescriptor == nil {
		return nil, fmt.Errorf("%w: no entityID or IDPSSODescriptor", ErrMetadata)
	}
	certs, err := signingCerts(ed.IDPSSODescriptor.KeyDescriptors)
	if err != nil {
		return nil, err
	}
	sso, err := redirectSSO(ed.IDPSSODescriptor, ssoOverride)
	if err != nil {
		return nil, err
	}
	return &idpInfo{entityID: ed.EntityID, ssoURL: sso, certs: certs}, nil
}

// signingCerts returns the certificates usable for signing ("signing" or
// no use attribute).
func signingCerts(kds []types.KeyDescriptor) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for _, kd := range kds {
		if kd.Use != "" && kd.Use != "signing" {
			continue
		}
		for _, c := range kd.KeyInfo.X509Data.X509Certificates {
			cert, err := parseCert(c.Data)
			if err != nil {
				return nil, err
			}
			certs = append(certs, cert)
		}
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("%w: no signing certificate", ErrMetadata)
	}
	return certs, nil
}

func parseCert(data string) (*x509.Certificate, error) {
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(data), ""))
	if err != nil {
		return nil, fmt.Errorf("%w: certificate is not base64", ErrMetadata)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("%w: certificate does not parse", ErrMetadata)
	}
	return cert, nil
}

// redirectSSO picks the HTTP-Redirect SingleSignOnService (SAML-28: only
// absolute http(s) locations).
func redirectSSO(d *types.IDPSSODescriptor, override string) (string, error) {
	loc := override
	for _, s := range d.SingleSignOnServices {
		if loc == "" && s.Binding == bindingRedirect {
			loc = s.Location
		}
	}
	if loc == "" {
		return "", fmt.Errorf("%w: no HTTP-Redirect SingleSignOnService; set the IdP SSO URL", ErrMetadata)
	}
	if err := checkAbsoluteURL(loc); err != nil {
		return "", fmt.Errorf("%w: SSO URL: %w", ErrMetadata, err)
	}
	return loc, nil
}
