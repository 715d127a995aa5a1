package iam

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// SAMLProvider returns a SAML provider by ARN.
func (s *Store) SAMLProvider(arn string) (SAMLProvider, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.st.SAML[arn]
	if !ok {
		return SAMLProvider{}, false
	}
	c := *p
	c.Metadata = slices.Clone(p.Metadata)
	return c, true
}

var samlNameRE = lazyre.New(`^[\w._-]{1,128}$`)

// validateMetadata checks size, encoding and that the metadata parses with
// at least one usable signing certificate of 1024 bits or more.
func validateMetadata(doc string) *wire.Error {
	if len(doc) < 1000 {
		return wire.Constraint("", "sAMLMetadataDocument", "Member must have length greater than or equal to 1000")
	}
	if len(doc) > 10000000 {
		return wire.Constraint("", "sAMLMetadataDocument", "Member must have length less than or equal to 10000000")
	}
	if !utf8.ValidString(doc) || strings.HasPrefix(doc, "\ufeff") || strings.Contains(strings.ToUpper(doc), "<!DOCTYPE") {
		return invalidInput("Could not parse metadata.")
	}
	if _, _, err := ParseMetadata([]byte(doc)); err != nil {
		return invalidInput("Could not parse metadata.")
	}
	return nil
}

// ParseMetadata returns the entityID and the signing certificates of an
// IdP metadata document.
func ParseMetadata(doc []byte) (string, []*x509.Certificate, error) {
	d := etree.NewDocument()
	if err := d.ReadFromBytes(doc); err != nil {
		return "", nil, err
	}
	root := d.Root()
	if root == nil || root.Tag != "EntityDescriptor" || root.SelectAttrValue("entityID", "") == "" {
		return "", nil, errMetadata
	}
	var certs []*x509.Certificate
	for _, idp := range root.SelectElements("IDPSSODescriptor") {
		for _, kd := range idp.SelectElements("KeyDescriptor") {
			if use := kd.SelectAttrValue("use", "signing"); use != "signing" {
				continue
			}
			for _, c := range kd.FindElements(".//X509Certificate") {
				cert, err := parseCert(c.Text())
				if err != nil {
					return "", nil, err
				}
				certs = append(certs, cert)
			}
		}
	}
	if len(certs) == 0 {
		return "", nil, errMetadata
	}
	return root.SelectAttrValue("entityID", ""), certs, nil
}

type metadataError struct{}

func (metadataError) Error() string { return "unusable SAML metadata" }

var errMetadata = metadataError{}

func parseCert(text string) (*x509.Certificate, error) {
	clean := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, text)
	der, err := base64.StdEncoding.DecodeString(clean)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	if bitLen(cert) < 1024 {
		return nil, errMetadata
	}
	return cert, nil
}

func bitLen(c *x509.Certificate) int {
	type sized interface{ Size() int }
	if k, ok := c.PublicKey.(sized); ok {
		return k.Size() * 8
	}
	return 2048 // non-RSA keys (ECDSA) are accepted
}

// CreateSAMLProvider registers a provider.
func (s *Store) CreateSAMLProvider(name string, metadata []byte, tags []Tag) (SAMLProvider, *wire.Error) {
	if !samlNameRE().MatchString(name) {
		return SAMLProvider{}, wire.Constraint(name, "name", `Member must satisfy regular expression pattern: [\w._-]+`)
	}
	if werr := validateMetadata(string(metadata)); werr != nil {
		return SAMLProvider{}, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	arn := s.arn("saml-provider", name)
	if _, ok := s.st.SAML[arn]; ok {
		return SAMLProvider{}, alreadyExists("SAMLProvider %s already exists.", name)
	}
	now := s.now().UTC().Truncate(time.Second)
	p := &SAMLProvider{ARN: arn, Name: name, UUID: "a" + strings.ToLower(awsauth.RandomID(25)), Metadata: bytes.Clone(metadata),
		CreateDate: now, ValidUntil: now.AddDate(100, 0, 0), Tags: tags}
	s.st.SAML[arn] = p
	return *p, nil
}

func (s *Store) samlOrErr(arn string) (*SAMLProvider, *wire.Error) {
	p, ok := s.st.SAML[arn]
	if !ok {
		return nil, noSuchEntity("Manifest not found for arn %s", arn)
	}
	return p, nil
}

func (s *Store) getSAML(arn string) (SAMLProvider, *wire.Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, werr := s.samlOrErr(arn)
	if werr != nil {
		return SAMLProvider{}, werr
	}
	return *p, nil
}

func (s *Store) deleteSAML(arn string) *wire.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, werr := s.samlOrErr(arn); werr != nil {
		return werr
	}
	delete(s.st.SAML, arn)
	return nil
}

func (s *Store) updateSAML(arn string, metadata []byte) *wire.Error {
	if werr := validateMetadata(string(metadata)); werr != nil {
		return werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, werr := s.samlOrErr(arn)
	if werr != nil {
		return werr
	}
	p.Metadata = bytes.Clone(metadata)
	return nil
}

func (s *Store) listSAML() []SAMLProvider {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]SAMLProvider, 0, len(s.st.SAML))
	for _, p := range s.st.SAML {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ARN < out[j].ARN })
	return out
}
