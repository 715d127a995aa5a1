package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// classify names the AWS service a request is addressed to, from what AWS
// routes on: the JSON target header, the REST path, or the awsQuery
// Action/Version. It peeks at the body of form requests and restores it.
func classify(r *http.Request) string {
	target := r.Header.Get("X-Amz-Target")
	switch {
	case strings.HasPrefix(target, "SWBExternalService."):
		return "sso-admin"
	case strings.HasPrefix(target, "secretsmanager."):
		return "secretsmanager"
	case target != "":
		return ""
	case strings.HasPrefix(r.URL.Path, "/applications"), strings.HasPrefix(r.URL.Path, "/v1/tags/"):
		return "qbusiness"
	case r.URL.Path == "/token":
		return "sso-oidc"
	case r.Method == http.MethodPost && r.URL.Path == "/":
		return classifyQuery(r)
	}
	return ""
}

func classifyQuery(r *http.Request) string {
	body, err := wire.ReadBody(r.Body, wire.MaxBody)
	if err != nil {
		body = nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return "sts"
	}
	switch form.Get("Version") {
	case "2010-05-08":
		return "iam"
	case "2011-06-15":
		return "sts"
	}
	if strings.Contains(r.Header.Get("Authorization"), "/iam/aws4_request") {
		return "iam"
	}
	return "sts"
}

// unknownService answers requests no emulated service claims.
func unknownService(w http.ResponseWriter, r *http.Request) {
	e := wire.Errorf(404, "UnknownOperationException", "No emulated AWS operation matches %s %s", r.Method, r.URL.Path)
	wire.WriteJSONError(w, wire.WithRequestIDReq(r), wire.ContentTypeJSON, e)
}
