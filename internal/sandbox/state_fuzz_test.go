package sandbox

import "testing"

// FuzzDecodeState feeds arbitrary bytes to the state file decoder: it must
// never panic, and whatever it accepts must be complete.
func FuzzDecodeState(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `null`, `[]`, `{"version":"qbiz-sandbox-state/1"}`, `{"version":"qbiz-sandbox-state/0"}`,
		`{"version":"qbiz-sandbox-state/1","url":"http://127.0.0.1:1","scenario":"empty","seal_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",` +
			`"admin":{"access_key_id":"AKIA","secret_access_key":"s","principal":{"arn":"arn:aws:iam::123456789012:user/a"}},` +
			`"oidc_keys":{},"saml_keys":{},"idc_keys":{},"iam":{},"sso_admin":{},"qbusiness":{},"secrets":{}}`,
		`{"version":"qbiz-sandbox-state/1","seal_key":"not base64"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := decodeState("state.json", b)
		if err == nil && st.validate() != nil {
			t.Fatalf("accepted an incomplete state: %v", st.validate())
		}
		if err == nil && st.Version != stateVersion {
			t.Fatalf("accepted version %q", st.Version)
		}
	})
}
