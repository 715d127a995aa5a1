package sandboxtest

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"time"
)

// SAMLFlow signs a user in at the sandbox SAML IdP with an AuthnRequest
// sent over the HTTP-Redirect binding.
type SAMLFlow struct {
	SSOURL     string
	SPEntityID string
	ACS        string
	RelayState string
	HTTPClient *http.Client
}

// SAMLResult is what the auto-post page carries.
type SAMLResult struct {
	// Response is the base64 SAMLResponse, as posted to the ACS.
	Response   string
	RelayState string
	// ACS is where the page posts.
	ACS       string
	RequestID string
}

// Login sends the AuthnRequest, fills the login form and reads the
// SAMLResponse from the auto-post page.
func (f SAMLFlow) Login(ctx context.Context, username, password string) (SAMLResult, error) {
	id := "_" + fmt.Sprintf("%x", []byte(randomString()))
	target, err := f.redirectURL(id)
	if err != nil {
		return SAMLResult{}, err
	}
	form, err := get(ctx, f.HTTPClient, target)
	if err != nil {
		return SAMLResult{}, fmt.Errorf("saml sso: %w", err)
	}
	done, err := submitLogin(ctx, f.HTTPClient, form, username, password)
	if err != nil {
		return SAMLResult{}, fmt.Errorf("saml sign-in: %w", err)
	}
	if done.status != http.StatusOK {
		return SAMLResult{}, fmt.Errorf("saml sign-in: status %d: %.200s", done.status, done.body)
	}
	post, err := ParseForm(done.url, done.body)
	if err != nil {
		return SAMLResult{}, fmt.Errorf("saml auto-post page: %w", err)
	}
	res := SAMLResult{Response: post.Fields.Get("SAMLResponse"), RelayState: post.Fields.Get("RelayState"), ACS: post.Action, RequestID: id}
	if res.Response == "" {
		return res, fmt.Errorf("saml auto-post page carries no SAMLResponse")
	}
	return res, nil
}

// AuthnRequest renders the request document with ID id.
func (f SAMLFlow) AuthnRequest(id string) string {
	return `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
		` ID="` + id + `" Version="2.0" IssueInstant="` + time.Now().UTC().Format(time.RFC3339) + `"` +
		` Destination="` + html.EscapeString(f.SSOURL) + `" AssertionConsumerServiceURL="` + html.EscapeString(f.ACS) + `"` +
		` ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">` +
		`<saml:Issuer>` + html.EscapeString(f.SPEntityID) + `</saml:Issuer>` +
		`<samlp:NameIDPolicy AllowCreate="true"/></samlp:AuthnRequest>`
}

func (f SAMLFlow) redirectURL(id string) (string, error) {
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return "", err
	}
	_, _ = zw.Write([]byte(f.AuthnRequest(id)))
	if err := zw.Close(); err != nil {
		return "", err
	}
	q := url.Values{"SAMLRequest": {base64.StdEncoding.EncodeToString(buf.Bytes())}}
	if f.RelayState != "" {
		q.Set("RelayState", f.RelayState)
	}
	return f.SSOURL + "?" + q.Encode(), nil
}
