package secrets

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
)

// FuzzHandler drives every operation's body decoding and validation.
func FuzzHandler(f *testing.F) {
	names := make([]string, 0, len(operations()))
	for n := range operations() {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, sd := range []string{`{}`, `{"Name":"a","SecretString":"x","ClientRequestToken":"00000000-0000-4000-8000-000000000001"}`,
		`{"SecretId":"a","VersionStage":"AWSCURRENT"}`, `{"SecretId":"a","RecoveryWindowInDays":7}`,
		`{"SecretId":"arn:aws:secretsmanager:us-east-1:123456789012:secret:a","ForceDeleteWithoutRecovery":true}`,
		`{"Name":"b","SecretBinary":"AAE=","ClientRequestToken":"00000000-0000-4000-8000-000000000002"}`, `{"RecoveryWindowInDays":"x"}`} {
		f.Add(uint8(i), []byte(sd))
	}
	h := NewHandler(NewStore(), nil)
	v := &awsauth.Verified{Principal: awsauth.Principal{Account: "123456789012", Kind: "user"}, Region: "us-east-1"}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		if len(body) > 1<<16 {
			return
		}
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		r.Header.Set("X-Amz-Target", targetPrefix+names[int(op)%len(names)])
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		r = r.WithContext(awsauth.WithVerified(r.Context(), v))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 && w.Code != 400 {
			t.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("invalid JSON response %q", w.Body.String())
		}
	})
}
