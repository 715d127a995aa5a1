package wire

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestReadQueryFindsTheAction(t *testing.T) {
	ops := map[string]int{"GetRole": 7}
	cases := []struct {
		name, body       string
		wantAction, code string
		wantOp           int
	}{
		{name: "known action", body: "Action=GetRole&Version=2010-05-08&RoleName=r", wantAction: "GetRole", wantOp: 7},
		{name: "missing action", body: "Version=2010-05-08", code: "MissingAction"},
		{name: "unknown action", body: "Action=GetUser&Version=2010-05-08", wantAction: "GetUser", code: "InvalidAction"},
		{name: "other version", body: "Action=GetRole&Version=2011-06-15", wantAction: "GetRole", code: "InvalidAction"},
		{name: "malformed form", body: "Action=GetRole&Action=GetRole", code: "MalformedQueryString"},
		{name: "body too large", body: strings.Repeat("a", MaxBody+1), code: "ValidationError"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tc.body))
			q, op, err := readQuery(r, ops, "2010-05-08")
			code := ""
			if err != nil {
				code = err.Code
			}
			if code != tc.code || q.Action != tc.wantAction || op != tc.wantOp {
				t.Errorf("got action %q op %d error %q, want %q %d %q", q.Action, op, code, tc.wantAction, tc.wantOp, tc.code)
			}
			if err == nil && q.Form.Get("RoleName") != "r" {
				t.Errorf("form = %v, want the request's parameters", q.Form)
			}
		})
	}
}
