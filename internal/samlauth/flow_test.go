package samlauth

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

func marySubject(t testing.TB) string {
	u, ok := testDirectory().Lookup("mary")
	if !ok {
		t.Fatal("mary missing")
	}
	return u.Subject
}

// TestSAML20_SigningPolicies: each signing policy of the sandbox IdP is
// accepted, and the result carries the AWS attributes.
func TestSAML20_SigningPolicies(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy samlidp.SigningPolicy
	}{{"assertion", samlidp.SignAssertion}, {"response", samlidp.SignResponse}, {"both", samlidp.SignBoth}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.policy)
			req, form, _ := f.genuine("mary")
			res := wantAccept(t, f.sp, req, form, marySubject(t))
			want := Result{
				Identity: res.Identity, Roles: []RolePair{{roleARN, providerARN}},
				ExpiresAt: t0.Add(5 * time.Minute), SessionDuration: time.Hour,
			}
			if res.Identity.Issuer != f.idp.EntityID() || res.Identity.Email != "mary_major@example.com" ||
				len(res.Identity.Groups) != 1 || res.Identity.Groups[0] != "core-team" {
				t.Errorf("identity = %+v", res.Identity)
			}
			if len(res.Roles) != 1 || res.Roles[0] != want.Roles[0] || !res.ExpiresAt.Equal(want.ExpiresAt) || res.SessionDuration != want.SessionDuration {
				t.Errorf("result = roles %v expires %v duration %v", res.Roles, res.ExpiresAt, res.SessionDuration)
			}
			if res.Assertion != form.Get("SAMLResponse") || res.AssertionID == "" {
				t.Errorf("assertion not relayed unchanged")
			}
		})
	}
}

// TestSAML20_SignatureMatrix: neither signed, or one of two signatures
// broken while the other verifies, is rejected; a validly re-signed twin
// is accepted.
func TestSAML20_SignatureMatrix(t *testing.T) {
	f := newFixture(t, samlidp.SignBoth)
	tamper := func(sigParent func(*etree.Element) *etree.Element) func(*etree.Element) {
		return func(root *etree.Element) {
			sv := find(sigParent(root), "Signature/SignatureValue")
			b, _ := base64.StdEncoding.DecodeString(sv.Text())
			b[10] ^= 0xff
			sv.SetText(base64.StdEncoding.EncodeToString(b))
		}
	}
	cases := []struct {
		name string
		fn   func(t *testing.T, xml string) string
		kind error
	}{
		{"genuine", func(_ *testing.T, x string) string { return x }, nil},
		{"resigned twin", func(t *testing.T, x string) string {
			return resign(t, trustedSigner(t), x, true, func(*etree.Element) {})
		}, nil},
		{"neither signed", func(t *testing.T, x string) string { return edit(t, x, removeSignatures) }, ErrSignature},
		{"response signature bad, assertion signature good", func(t *testing.T, x string) string {
			return edit(t, x, tamper(func(r *etree.Element) *etree.Element { return r }))
		}, ErrSignature},
		// The Response is signed again over the broken assertion
		// signature, so its own signature verifies.
		{"assertion signature bad, response signature good", func(t *testing.T, x string) string {
			return edit(t, x, func(r *etree.Element) {
				tamper(assertionOf)(r)
				r.RemoveChild(r.SelectElement("Signature"))
				signWith(t, trustedSigner(t), r, "")
			})
		}, ErrSignature},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, form, xml := f.genuine("mary")
			form = withXML(form, tc.fn(t, xml))
			if tc.kind == nil {
				wantAccept(t, f.sp, req, form, marySubject(t))
				return
			}
			wantReject(t, f.sp, req, form, tc.kind)
		})
	}
}

// TestBeginAuthnRequest decodes the redirect and checks the AuthnRequest.
func TestBeginAuthnRequest(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	req := f.begin()
	u, err := url.Parse(req.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("RelayState") != req.RelayState || len(req.RelayState) > 80 || len(req.RelayState) < 40 || q.Has("SigAlg") {
		t.Fatalf("query = %v", q)
	}
	deflated, _ := base64.StdEncoding.DecodeString(q.Get("SAMLRequest"))
	xml, _ := io.ReadAll(flate.NewReader(bytes.NewReader(deflated)))
	root := parseDoc(t, string(xml)).Root()
	got := map[string]string{
		"ID": attr(root, "ID"), "Destination": attr(root, "Destination"),
		"ACS": attr(root, "AssertionConsumerServiceURL"), "Binding": attr(root, "ProtocolBinding"),
		"Issuer": find(root, "Issuer").Text(), "NameIDFormat": attr(find(root, "NameIDPolicy"), "Format"),
		"AllowCreate": attr(find(root, "NameIDPolicy"), "AllowCreate"), "IssueInstant": attr(root, "IssueInstant"),
	}
	want := map[string]string{
		"ID": req.ID, "Destination": f.idp.SSOURL(), "ACS": testACS,
		"Binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", "Issuer": spEntityID,
		"NameIDFormat": nameIDPersistent, "AllowCreate": "true", "IssueInstant": got["IssueInstant"],
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	if !strings.HasPrefix(got["IssueInstant"], "2026-03-04T10:00:00") || !req.CreatedAt.Equal(t0) {
		t.Errorf("IssueInstant %q, CreatedAt %v", got["IssueInstant"], req.CreatedAt)
	}
	if other := f.begin(); other.ID == req.ID || other.RelayState == req.RelayState {
		t.Error("request ID or RelayState repeated")
	}
}

// browserOpener signs in as a user when asked to open a URL, posting the
// auto-submit form to the ACS like a browser.
type browserOpener struct {
	t    *testing.T
	user string
	done chan error
}

func (o *browserOpener) Open(u string) error {
	go func() {
		acs, form := browse(o.t, u, o.user, "pw-"+o.user)
		_, err := httpPostRaw(acs, form)
		o.done <- err
	}()
	return nil
}

func httpPostRaw(u string, form url.Values) (int, error) {
	resp, err := httpClient.PostForm(u, form)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// TestLogin runs the CLI flow end to end against the sandbox IdP over HTTP.
func TestLogin(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	op := &browserOpener{t: t, user: "mary", done: make(chan error, 1)}
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := Login(ctx, f.cfg, LoginOptions{Opener: op, Out: &out})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if err := <-op.done; err != nil {
		t.Fatal(err)
	}
	if res.Identity.Subject != marySubject(t) || !strings.Contains(out.String(), f.idp.SSOURL()) {
		t.Fatalf("subject %q, output %q", res.Identity.Subject, out.String())
	}
}

// TestLoginCancelled: Login returns when ctx ends and no response came.
func TestLoginCancelled(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Login(ctx, f.cfg, LoginOptions{Out: io.Discard}); err == nil {
		t.Fatal("Login succeeded without a response")
	}
}
