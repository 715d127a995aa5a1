package iam_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	iamsvc "github.com/qbiz/qbiz/internal/sandbox/iam"
)

func FuzzHandler(f *testing.F) {
	for _, s := range []string{"Action=ListRoles&Version=2010-05-08", "Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=%7B%7D",
		"Action=CreateOpenIDConnectProvider&Version=2010-05-08&Url=https%3A%2F%2Fx&ClientIDList.member.1=a", "%zz", "Action=GetRole&Version=2010-05-08&MaxItems=-1"} {
		f.Add(s)
	}
	h := iamsvc.NewHandler(iamsvc.NewStore("123456789012"), nil)
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) > 1<<16 {
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body)))
		if rec.Code != 200 && (rec.Code < 400 || rec.Code > 599) {
			t.Fatalf("status %d", rec.Code)
		}
	})
}
