package wire

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"testing"
)

type callerIdentity struct {
	XMLName xml.Name `xml:"GetCallerIdentityResult"`
	Arn     string   `xml:"Arn"`
	UserID  string   `xml:"UserId"`
	Account string   `xml:"Account"`
}

type emptyResult struct{}

// queryDoc is the generic shape of a success document.
type queryDoc struct {
	XMLName xml.Name
	Result  *struct {
		XMLName xml.Name
		Inner   []byte `xml:",innerxml"`
		Arn     string `xml:"Arn"`
		UserID  string `xml:"UserId"`
	} `xml:",any"`
	RequestID string `xml:"ResponseMetadata>RequestId"`
}

func TestWriteQueryResult(t *testing.T) {
	cases := []struct {
		name       string
		action     string
		result     any
		wantResult bool
		arn        string
	}{
		{name: "struct result", action: "GetCallerIdentity", wantResult: true, arn: "arn:aws:iam::1:user/a&b",
			result: callerIdentity{Arn: "arn:aws:iam::1:user/a&b", UserID: "AIDA1", Account: "1"}},
		{name: "pointer result", action: "GetCallerIdentity", wantResult: true, arn: "arn:x",
			result: &callerIdentity{Arn: "arn:x"}},
		{name: "empty struct result", action: "TagRole", wantResult: true, result: emptyResult{}},
		{name: "anonymous struct result", action: "GetRole", wantResult: true, arn: "arn:r",
			result: struct{ Arn string }{"arn:r"}},
		{name: "no result", action: "DeleteRole"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, withID := range []bool{true, false} {
				r := httptest.NewRequest(http.MethodPost, "/", nil)
				if withID {
					r = r.WithContext(WithRequestID(r.Context(), "rid-3"))
				}
				w := httptest.NewRecorder()
				WriteQueryResult(w, r, IAMNamespace, tc.action, tc.result)
				if w.Code != 200 || w.Header().Get("Content-Type") != "text/xml" {
					t.Fatalf("status %d headers %v", w.Code, w.Header())
				}
				var doc queryDoc
				if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
					t.Fatalf("%v: %s", err, w.Body)
				}
				if doc.XMLName.Local != tc.action+"Response" || doc.XMLName.Space != IAMNamespace {
					t.Fatalf("root %v", doc.XMLName)
				}
				if (doc.Result != nil) != tc.wantResult {
					t.Fatalf("result element present=%v: %s", doc.Result != nil, w.Body)
				}
				if doc.Result != nil && (doc.Result.XMLName.Local != tc.action+"Result" || doc.Result.Arn != tc.arn) {
					t.Fatalf("result %v arn %q: %s", doc.Result.XMLName, doc.Result.Arn, w.Body)
				}
				id := w.Header().Get("x-amzn-RequestId")
				if doc.RequestID == "" || doc.RequestID != id || (withID && id != "rid-3") {
					t.Fatalf("body request id %q, header %q", doc.RequestID, id)
				}
			}
		})
	}
}

type errorDoc struct {
	XMLName xml.Name
	Type    string `xml:"Error>Type"`
	Code    string `xml:"Error>Code"`
	Message string `xml:"Error>Message"`
	ReqID   string `xml:"RequestId"`
}

func TestWriteQueryError(t *testing.T) {
	cases := []struct {
		err  *Error
		kind string
	}{
		{Errorf(400, "ValidationError", "1 validation error detected: Value '<script>&\"x\"' at 'roleArn'"), "Sender"},
		{Errorf(403, "AccessDenied", "User: arn:aws:sts::1:assumed-role/R/s is not authorized"), "Sender"},
		{Errorf(404, "NoSuchEntity", "The role with name x cannot be found."), "Sender"},
		{Errorf(499, "X", "edge"), "Sender"},
		{Errorf(500, "ServiceFailure", "An internal error occurred."), "Receiver"},
		{Errorf(503, "ServiceUnavailable", "later"), "Receiver"},
		{Errorf(400, "InvalidInput", "line1\nline2\t]]> \x01 \xff"), "Sender"},
	}
	for _, tc := range cases {
		t.Run(tc.err.Code, func(t *testing.T) {
			for _, withID := range []bool{true, false} {
				r := httptest.NewRequest(http.MethodPost, "/", nil)
				if withID {
					r = r.WithContext(WithRequestID(r.Context(), "rid-4"))
				}
				w := httptest.NewRecorder()
				WriteQueryError(w, r, STSNamespace, tc.err)
				if w.Code != tc.err.Status || w.Header().Get("Content-Type") != "text/xml" {
					t.Fatalf("status %d headers %v", w.Code, w.Header())
				}
				var doc errorDoc
				if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
					t.Fatalf("%v: %s", err, w.Body)
				}
				wantMsg := tc.err.Message
				if tc.err.Code == "InvalidInput" {
					wantMsg = "line1\nline2\t]]> \uFFFD \uFFFD"
				}
				if doc.XMLName.Local != "ErrorResponse" || doc.XMLName.Space != STSNamespace || doc.Type != tc.kind ||
					doc.Code != tc.err.Code || doc.Message != wantMsg {
					t.Fatalf("doc %+v: %s", doc, w.Body)
				}
				id := w.Header().Get("x-amzn-RequestId")
				if doc.ReqID == "" || doc.ReqID != id || (withID && id != "rid-4") {
					t.Fatalf("body request id %q, header %q", doc.ReqID, id)
				}
			}
		})
	}
}
