package sandbox_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/qbiz/qbiz/internal/sandbox"
)

type rawCase struct {
	name, method, path, target, contentType, signing string
	body                                             []byte
	xml                                              bool
}

// TestMalformedRequestsGetProtocolErrors sends signed garbage to every
// protocol and checks each answer is that protocol's error document and
// that the sandbox keeps serving.
func TestMalformedRequestsGetProtocolErrors(t *testing.T) {
	w := startWorld(t, sandbox.Options{Scenario: sandbox.ScenarioEmpty})
	big := bytes.Repeat([]byte("a"), 12<<20)
	form, jsn := "application/x-www-form-urlencoded; charset=utf-8", "application/x-amz-json-1.1"
	cases := []rawCase{
		{"sts unknown action", "POST", "/", "", form, "sts", []byte("Action=Bogus&Version=2011-06-15"), true},
		{"sts bad form", "POST", "/", "", form, "sts", []byte("Action=%zz&Version=2011-06-15"), true},
		{"sts missing action", "POST", "/", "", form, "sts", []byte("Version=2011-06-15"), true},
		{"sts oversized", "POST", "/", "", form, "sts", append([]byte("Version=2011-06-15&Action=GetCallerIdentity&x="), big...), true},
		{"iam unknown action", "POST", "/", "", form, "iam", []byte("Action=Bogus&Version=2010-05-08"), true},
		{"iam bad params", "POST", "/", "", form, "iam", []byte("Action=CreateRole&Version=2010-05-08&RoleName=%00"), true},
		{"secrets unknown op", "POST", "/", "secretsmanager.Bogus", jsn, "secretsmanager", []byte("{}"), false},
		{"secrets bad json", "POST", "/", "secretsmanager.GetSecretValue", jsn, "secretsmanager", []byte("{"), false},
		{"secrets wrong types", "POST", "/", "secretsmanager.GetSecretValue", jsn, "secretsmanager", []byte(`{"SecretId":7}`), false},
		{"sso-admin bad json", "POST", "/", "SWBExternalService.ListInstances", jsn, "sso", []byte("[1,"), false},
		{"sso-admin oversized", "POST", "/", "SWBExternalService.ListInstances", jsn, "sso", big, false},
		{"qbusiness bad json", "POST", "/applications", "", "application/json", "qbusiness", []byte("{\"displayName\":"), false},
		{"qbusiness unknown route", "GET", "/applications/x/nothing/here", "", "", "qbusiness", nil, false},
		{"qbusiness oversized", "POST", "/applications", "", "application/json", "qbusiness", big, false},
		{"sso-oidc bad json", "POST", "/token", "", "application/json", "sso-oauth", []byte("{{"), false},
		{"sso-oidc iam bad json", "POST", "/token?aws_iam=t", "", "application/json", "sso-oauth", []byte("{{"), false},
		{"unknown service", "POST", "/", "Bogus_20240101.Op", "application/x-amz-json-1.0", "bogus", []byte("{}"), false},
		{"unknown path", "GET", "/nothing", "", "", "bogus", nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, ct, body := w.raw(t, c)
			if status < 400 {
				t.Fatalf("status %d for garbage: %.200s", status, body)
			}
			if c.xml {
				checkXMLError(t, ct, body)
			} else {
				checkJSONErrorDoc(t, ct, body)
			}
		})
	}
	var info map[string]any
	getJSON(t, w, "/sandbox/info", &info)
	if info["account"] != sandbox.Account {
		t.Error("sandbox stopped serving after garbage")
	}
}

func (w *world) raw(t *testing.T, c rawCase) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), c.method, w.sb.URL+c.path, bytes.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	if c.target != "" {
		req.Header.Set("X-Amz-Target", c.target)
	}
	sum := sha256.Sum256(c.body)
	creds, _ := w.admin().Retrieve(context.Background())
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), c.signing, sandbox.Region, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := w.sb.HTTPClient().Do(req)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

func checkXMLError(t *testing.T, ct string, body []byte) {
	t.Helper()
	var doc struct {
		XMLName xml.Name `xml:"ErrorResponse"`
		Error   struct{ Type, Code, Message string }
		ID      string `xml:"RequestId"`
	}
	if !strings.Contains(ct, "xml") || xml.Unmarshal(body, &doc) != nil || doc.Error.Code == "" || doc.ID == "" {
		t.Errorf("not an awsQuery error (%s): %.300s", ct, body)
	}
}

func checkJSONErrorDoc(t *testing.T, ct string, body []byte) {
	t.Helper()
	var doc map[string]any
	if !strings.Contains(ct, "json") || json.Unmarshal(body, &doc) != nil {
		t.Fatalf("not a JSON error (%s): %.300s", ct, body)
	}
	// sso-oidc's modelled errors carry error and error_description.
	hasType := doc["__type"] != nil || doc["error"] != nil
	hasMsg := doc["message"] != nil || doc["Message"] != nil || doc["error_description"] != nil
	if !hasType || !hasMsg {
		t.Errorf("JSON error lacks __type or message: %s", body)
	}
}
