package samlauth

import "crypto/x509"

// SigningCertificates are the signing certificates of IdP metadata, the
// ones assertions are verified with.
func SigningCertificates(metadata []byte) ([]*x509.Certificate, error) {
	info, err := parseMetadata(metadata, "")
	if err != nil {
		return nil, err
	}
	return info.certs, nil
}
