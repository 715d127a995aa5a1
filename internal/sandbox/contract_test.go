package sandbox_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestWireContract drives every emulated operation through the SDK,
// records the raw exchanges, and checks each response member (and each
// request member) against the official Smithy models.
func TestWireContract(t *testing.T) {
	m := loadModels(t)
	var ex []exchange
	ex = append(ex, driveFederation(t)...)
	ex = append(ex, driveProvisioning(t)...)
	var v violations
	ops := map[string]bool{}
	for _, e := range ex {
		op := m.classify(e)
		if op == "" {
			v.add("%s %s: no model operation matches", e.req.Method, e.req.URL.Path)
			continue
		}
		ops[op] = true
		m.checkExchange(&v, op, e)
	}
	t.Logf("checked %d exchanges over %d operations", len(ex), len(ops))
	for _, s := range v.sorted() {
		t.Error(s)
	}
}

// queryVersions maps awsQuery API versions to model namespaces.
var queryVersions = map[string]string{"2011-06-15": "com.amazonaws.sts", "2010-05-08": "com.amazonaws.iam"}

// classify names the model operation an exchange addressed.
func (m *models) classify(e exchange) string {
	if target := e.req.Header.Get("X-Amz-Target"); target != "" {
		prefix, name, _ := strings.Cut(target, ".")
		for id, s := range m.shapes {
			if s.Type == "service" && strings.HasSuffix(id, "#"+prefix) {
				op, ok := m.operation(strings.Split(id, "#")[0], name)
				if ok {
					return op
				}
			}
		}
		return ""
	}
	if strings.HasPrefix(e.req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		form, err := url.ParseQuery(string(e.reqBody))
		if err != nil {
			return ""
		}
		if op, ok := m.operation(queryVersions[form.Get("Version")], form.Get("Action")); ok {
			return op
		}
		return ""
	}
	op, _ := m.restOperation(e.req.Method, e.req.URL.Path, e.req.URL.Query())
	return op
}

func (m *models) checkExchange(v *violations, op string, e exchange) {
	name := op[strings.Index(op, "#")+1:]
	rest := len(m.shapes[op].Traits["smithy.api#http"]) > 0
	m.checkRequest(v, op, e, rest)
	switch {
	case strings.Contains(e.contentType, "xml"):
		m.checkQueryResponse(v, op, name, e)
	case e.status >= 300:
		m.checkJSONError(v, op, e)
	default:
		m.checkJSONBody(v, name+" response", m.outputOf(op), e.responseBody, rest)
	}
}

func (m *models) checkRequest(v *violations, op string, e exchange, rest bool) {
	if len(e.reqBody) == 0 || strings.HasPrefix(e.req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return
	}
	m.checkJSONBody(v, op[strings.Index(op, "#")+1:]+" request", m.inputOf(op), e.reqBody, rest)
}

// checkJSONBody checks a JSON document against a structure's body members
// (or its payload member).
func (m *models) checkJSONBody(v *violations, where, id string, body []byte, rest bool) {
	if len(bytes.TrimSpace(body)) == 0 {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var val any
	if err := dec.Decode(&val); err != nil {
		v.add("%s: body is not JSON: %v", where, err)
		return
	}
	s := m.shapes[id]
	if !rest {
		m.checkJSON(v, where, id, val, false)
		return
	}
	if p, ok := payloadMember(s); ok {
		m.checkJSON(v, where, p.Target, val, true)
		return
	}
	m.checkJSONStruct(v, where, bodyMembers(s), val, true)
}

// checkJSONError checks an error body against the error shape its code names.
func (m *models) checkJSONError(v *violations, op string, e exchange) {
	var body map[string]any
	if err := json.Unmarshal(e.responseBody, &body); err != nil {
		v.add("%s error: body is not a JSON object: %.100s", op, e.responseBody)
		return
	}
	code, _, _ := strings.Cut(e.header.Get("X-Amzn-ErrorType"), ":")
	if t, ok := body["__type"].(string); ok && code == "" {
		code = t[strings.LastIndex(t, "#")+1:]
	}
	if code == "" {
		v.add("%s error: neither X-Amzn-ErrorType nor __type names the error", op)
		return
	}
	ns := op[:strings.Index(op, "#")]
	s, ok := m.shapes[ns+"#"+code]
	if !ok {
		return // common AWS errors (UnrecognizedClientException, …) are not modelled
	}
	for k := range body {
		if k == "__type" || k == "code" || strings.EqualFold(k, "message") {
			continue
		}
		if _, ok := s.Members[k]; !ok {
			v.add("%s error %s: unknown member %q", op, code, k)
		}
	}
}

// checkQueryResponse checks <OpResponse><OpResult>…</OpResult>
// <ResponseMetadata/></OpResponse> or the awsQuery error document.
func (m *models) checkQueryResponse(v *violations, op, name string, e exchange) {
	root, err := parseXML(e.responseBody)
	if err != nil {
		v.add("%s: response is not XML: %v", name, err)
		return
	}
	if e.status >= 300 {
		checkQueryError(v, name, root)
		return
	}
	if root.XMLName.Local != name+"Response" {
		v.add("%s: root <%s>, want <%sResponse>", name, root.XMLName.Local, name)
	}
	for _, c := range root.Children {
		switch c.XMLName.Local {
		case name + "Result":
			m.checkXML(v, name+"Result", m.outputOf(op), c)
		case "ResponseMetadata":
		default:
			v.add("%s: unexpected element <%s> in the response", name, c.XMLName.Local)
		}
	}
}

func checkQueryError(v *violations, name string, root xmlNode) {
	if root.XMLName.Local != "ErrorResponse" {
		v.add("%s error: root <%s>, want <ErrorResponse>", name, root.XMLName.Local)
	}
	for _, c := range root.Children {
		switch c.XMLName.Local {
		case "RequestId":
		case "Error":
			for _, f := range c.Children {
				if f.XMLName.Local != "Type" && f.XMLName.Local != "Code" && f.XMLName.Local != "Message" {
					v.add("%s error: unexpected <Error><%s>", name, f.XMLName.Local)
				}
			}
		default:
			v.add("%s error: unexpected <%s>", name, c.XMLName.Local)
		}
	}
}

// TestContractCheckerCatches proves the checker fails on what it must.
func TestContractCheckerCatches(t *testing.T) {
	m := loadModels(t)
	tests := []struct {
		name, op, body string
		rest           bool
	}{
		{"unknown json member", "com.amazonaws.qbusiness#GetApplication", `{"applicationId":"a","displayname":"x"}`, true},
		{"bad enum value", "com.amazonaws.qbusiness#GetApplication", `{"status":"READY"}`, true},
		{"timestamp as string", "com.amazonaws.qbusiness#GetApplication", `{"createdAt":"2024-01-01T00:00:00Z"}`, true},
		{"nested unknown member", "com.amazonaws.secretsmanager#DescribeSecret", `{"Tags":[{"Key":"a","Val":"b"}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v violations
			m.checkJSONBody(&v, tt.name, m.outputOf(tt.op), []byte(tt.body), tt.rest)
			if len(v) == 0 {
				t.Errorf("%s passed the checker", tt.body)
			}
		})
	}
	var v violations
	m.checkQueryResponse(&v, "com.amazonaws.iam#GetRole", "GetRole", exchange{status: 200, responseBody: []byte(`<GetRoleResponse><GetRoleResult><Role><RoleName>r</RoleName><Path2>/</Path2></Role></GetRoleResult></GetRoleResponse>`)})
	if len(v) != 1 {
		t.Errorf("xml violations %v", v)
	}
}
