package iam

import (
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

func createOIDC(s *Store, c *call) (string, runner) {
	u := c.need("Url", "url")
	ids, thumbs, tags := c.list("ClientIDList"), c.list("ThumbprintList"), c.tags()
	return s.arn("oidc-provider", providerARNPath(u)), func() (any, *wire.Error) {
		p, werr := s.CreateOIDCProvider(u, ids, thumbs, tags)
		if werr != nil {
			return nil, werr
		}
		return struct {
			OpenIDConnectProviderArn string
			Tags                     []xmlTag `xml:"Tags>member,omitempty"`
		}{p.ARN, xmlTags(p.Tags)}, nil
	}
}

func getOIDC(s *Store, c *call) (string, runner) {
	arn := c.need("OpenIDConnectProviderArn", "openIDConnectProviderArn")
	return arn, func() (any, *wire.Error) {
		p, werr := s.getOIDC(arn)
		if werr != nil {
			return nil, werr
		}
		return struct {
			Url            string
			ClientIDList   []string `xml:"ClientIDList>member"`
			ThumbprintList []string `xml:"ThumbprintList>member"`
			CreateDate     string
			Tags           []xmlTag `xml:"Tags>member"`
		}{stripScheme(p.URL), p.ClientIDs, p.Thumbprints, isoTime(p.CreateDate), xmlTags(p.Tags)}, nil
	}
}

func deleteOIDC(s *Store, c *call) (string, runner) {
	arn := c.need("OpenIDConnectProviderArn", "openIDConnectProviderArn")
	return arn, func() (any, *wire.Error) { return nil, s.deleteOIDC(arn) }
}

func listOIDC(s *Store, _ *call) (string, runner) {
	return "*", func() (any, *wire.Error) {
		out := []xmlArn{}
		for _, a := range s.listOIDC() {
			out = append(out, xmlArn{a})
		}
		return struct {
			OpenIDConnectProviderList []xmlArn `xml:"OpenIDConnectProviderList>member"`
		}{out}, nil
	}
}

func addClientID(s *Store, c *call) (string, runner) {
	arn := c.need("OpenIDConnectProviderArn", "openIDConnectProviderArn")
	id := c.need("ClientID", "clientID")
	return arn, func() (any, *wire.Error) { return nil, s.addClientID(arn, id) }
}

func removeClientID(s *Store, c *call) (string, runner) {
	arn := c.need("OpenIDConnectProviderArn", "openIDConnectProviderArn")
	id := c.need("ClientID", "clientID")
	return arn, func() (any, *wire.Error) { return nil, s.removeClientID(arn, id) }
}

func updateThumbprint(s *Store, c *call) (string, runner) {
	arn := c.need("OpenIDConnectProviderArn", "openIDConnectProviderArn")
	thumbs := c.list("ThumbprintList")
	return arn, func() (any, *wire.Error) { return nil, s.updateThumbprints(arn, thumbs) }
}

func createSAML(s *Store, c *call) (string, runner) {
	name := c.need("Name", "name")
	doc := c.need("SAMLMetadataDocument", "sAMLMetadataDocument")
	tags := c.tags()
	return s.arn("saml-provider", name), func() (any, *wire.Error) {
		p, werr := s.CreateSAMLProvider(name, []byte(doc), tags)
		if werr != nil {
			return nil, werr
		}
		return struct {
			SAMLProviderArn string
			Tags            []xmlTag `xml:"Tags>member,omitempty"`
		}{p.ARN, xmlTags(p.Tags)}, nil
	}
}

func getSAML(s *Store, c *call) (string, runner) {
	arn := c.need("SAMLProviderArn", "sAMLProviderArn")
	return arn, func() (any, *wire.Error) {
		p, werr := s.getSAML(arn)
		if werr != nil {
			return nil, werr
		}
		return struct {
			SAMLProviderUUID        string
			SAMLMetadataDocument    string
			CreateDate              string
			ValidUntil              string
			Tags                    []xmlTag `xml:"Tags>member"`
			AssertionEncryptionMode string
		}{p.UUID, string(p.Metadata), isoTime(p.CreateDate), isoTime(p.ValidUntil), xmlTags(p.Tags), "Allowed"}, nil
	}
}

func deleteSAML(s *Store, c *call) (string, runner) {
	arn := c.need("SAMLProviderArn", "sAMLProviderArn")
	return arn, func() (any, *wire.Error) { return nil, s.deleteSAML(arn) }
}

func updateSAML(s *Store, c *call) (string, runner) {
	arn := c.need("SAMLProviderArn", "sAMLProviderArn")
	doc := c.str("SAMLMetadataDocument")
	return arn, func() (any, *wire.Error) {
		if werr := s.updateSAML(arn, []byte(doc)); werr != nil {
			return nil, werr
		}
		return struct{ SAMLProviderArn string }{arn}, nil
	}
}

func listSAML(s *Store, _ *call) (string, runner) {
	return "*", func() (any, *wire.Error) {
		out := []xmlSAMLEntry{}
		for _, p := range s.listSAML() {
			out = append(out, xmlSAMLEntry{p.ARN, isoTime(p.ValidUntil), isoTime(p.CreateDate)})
		}
		return struct {
			SAMLProviderList []xmlSAMLEntry `xml:"SAMLProviderList>member"`
		}{out}, nil
	}
}
