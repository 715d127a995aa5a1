package samlidp

import (
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"
)

var (
	fuzzOnce sync.Once
	fuzzIdP  *IdP
)

// fuzzTarget is an IdP with the harness's service providers, built once.
func fuzzTarget(tb testing.TB) *IdP {
	fuzzOnce.Do(func() {
		idp, err := New(Options{BaseURL: "http://127.0.0.1:1/idp/saml", Directory: testDirectory(),
			Now: func() time.Time { return t0 }})
		if err != nil {
			tb.Fatalf("New: %v", err)
		}
		idp.AddServiceProvider(ServiceProvider{EntityID: awsSP, ACSURLs: []string{DefaultAudience}})
		idp.AddServiceProvider(ServiceProvider{EntityID: appSP, ACSURLs: []string{appLoopback, "https://app.example.com/acs"}})
		fuzzIdP = idp
	})
	return fuzzIdP
}

// fuzzSeeds are AuthnRequest documents from the test tables.
func fuzzSeeds() []string {
	seeds := []string{authnRequest("_ok", awsSP, DefaultAudience, ""), authnRequest("_ok", appSP, "http://127.0.0.1:5/saml/acs", "")}
	for _, tc := range rejectCases {
		if len(tc.xml) < 4096 {
			seeds = append(seeds, tc.xml)
		}
	}
	return seeds
}

// checkAccepted asserts that anything accepted points at a registered ACS.
func checkAccepted(t *testing.T, idp *IdP, req pendingRequest, err error) {
	if err != nil {
		return
	}
	sp, ok := idp.serviceProvider(req.SP.EntityID)
	if !ok || !validXMLID(req.RequestID) || len(req.RelayState) > maxRelayState {
		t.Fatalf("accepted an invalid request: %+v", req)
	}
	if !sp.allowsACS(req.ACS) && !slices.Contains(sp.ACSURLs, req.ACS) {
		t.Fatalf("accepted unregistered ACS %q", req.ACS)
	}
}

func FuzzRedirectDecoder(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(deflateB64(s), "relay")
	}
	f.Add("%%%", "")
	f.Fuzz(func(t *testing.T, encoded, relay string) {
		idp := fuzzTarget(t)
		req, err := idp.acceptRedirect(url.Values{"SAMLRequest": {encoded}, "RelayState": {relay}})
		checkAccepted(t, idp, req, err)
	})
}

func FuzzPOSTDecoder(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add([]byte(s))
	}
	f.Add([]byte("\xef\xbb\xbf<a/>"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		idp := fuzzTarget(t)
		req, err := idp.acceptPOST(url.Values{"SAMLRequest": {b64(string(doc))}})
		checkAccepted(t, idp, req, err)
	})
}
