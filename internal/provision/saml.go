package provision

import (
	"encoding/xml"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// AWSSignInSAML is the Recipient and Audience STS requires of an assertion.
const AWSSignInSAML = "https://signin.aws.amazon.com/saml"

// SAMLInput declares a Q Business application whose users sign in at a
// SAML IdP.
type SAMLInput struct {
	Prefix string
	// Metadata is the IdP's metadata document; empty for destroy.
	Metadata string
	Poll     Poll
}

// SAML declares the resources of an AWS_IAM_IDP_SAML application: the IAM
// SAML provider, the application with auto-subscription, its index and
// retriever, the web-experience role (SAML:aud bound to AWS sign-in) and
// the web experience, which sends users to the IdP's sign-on URL.
func SAML(c Clients, in SAMLInput) (Stack, *Outputs, error) {
	sso := ""
	if in.Metadata != "" {
		var err error
		if sso, err = SSOURL(in.Metadata); err != nil {
			return Stack{}, nil, err
		}
	}
	s := &stack{prefix: in.Prefix, c: c, poll: in.Poll}
	provider := &samlProvider{s: s, name: in.Prefix + "-saml-provider", metadata: in.Metadata}
	app := &application{s: s, name: in.Prefix, provider: provider.Name(), identity: qtypes.IdentityTypeAwsIamIdpSaml, autoSubscribe: true}
	index := &index{s: s, name: in.Prefix + "-index", app: app.Name()}
	retriever := &retriever{s: s, name: in.Prefix + "-retriever", app: app.Name(), index: index.Name()}
	webRole := &role{s: s, name: in.Prefix + "-web-experience-role", needs: []string{provider.Name(), app.Name()},
		trust:       func() string { return samlTrust(s.out.ProviderARN) },
		permissions: func() string { return webPermissions(s.out.ApplicationARN) },
		arn:         &s.out.WebRoleARN}
	web := &webExperience{s: s, name: in.Prefix + "-web-experience", needs: []string{app.Name(), retriever.Name(), webRole.Name()},
		idp: func() qtypes.IdentityProviderConfiguration {
			return &qtypes.IdentityProviderConfigurationMemberSamlConfiguration{Value: qtypes.SamlProviderConfiguration{AuthenticationUrl: aws.String(sso)}}
		}}
	return Stack{Resources: []Resource{provider, app, index, retriever, webRole, web}, Progress: in.Poll.Progress}, &s.out, nil
}

// samlTrust lets users the IdP asserts for AWS sign-in assume the role and
// carry their Email session tag.
func samlTrust(providerARN string) string {
	return policyDoc(
		stmt{"Effect": "Allow", "Principal": stmt{"Federated": providerARN}, "Action": "sts:AssumeRoleWithSAML",
			"Condition": stmt{"StringEquals": stmt{"SAML:aud": AWSSignInSAML}}},
		stmt{"Effect": "Allow", "Principal": stmt{"Federated": providerARN}, "Action": "sts:TagSession",
			"Condition": stmt{"StringLike": stmt{"aws:RequestTag/Email": "*"}}},
	)
}

// MinSAMLMetadata is IAM's lower bound on a metadata document's length.
const MinSAMLMetadata = 1000

// SSOURL is the IdP's https single sign-on URL named by its metadata
// (HTTP-Redirect binding preferred, else HTTP-POST).
func SSOURL(metadata string) (string, error) {
	if len(metadata) < MinSAMLMetadata {
		return "", fmt.Errorf("SAML metadata of %d bytes: IAM requires at least %d; is it the IdP's full metadata document?", len(metadata), MinSAMLMetadata)
	}
	var doc struct {
		IDP struct {
			SSO []struct {
				Binding  string `xml:"Binding,attr"`
				Location string `xml:"Location,attr"`
			} `xml:"SingleSignOnService"`
		} `xml:"IDPSSODescriptor"`
	}
	if err := xml.Unmarshal([]byte(metadata), &doc); err != nil {
		return "", fmt.Errorf("SAML metadata is not XML: %w", err)
	}
	found := ""
	for _, s := range doc.IDP.SSO {
		switch s.Binding {
		case "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect":
			return s.Location, nil
		case "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST":
			found = s.Location
		}
	}
	if found == "" {
		return "", errors.New("SAML metadata names no IDPSSODescriptor SingleSignOnService with an HTTP-Redirect or HTTP-POST binding")
	}
	return found, nil
}
