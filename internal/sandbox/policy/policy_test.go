package policy

import (
	"errors"
	"testing"
)

const acct = "123456789012"

var parseCases = []struct {
	name, doc string
	kind      Kind
	wantErr   string
}{
	{"admin", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, Identity, ""},
	{"single statement object", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["qbusiness:Chat*"],"Resource":"arn:aws:qbusiness:us-east-1:1:application/x"}}`, Identity, ""},
	{"not json", `{"Version":`, Identity, "This policy contains invalid Json"},
	{"trailing data", `{"Version":"2012-10-17","Statement":[]} {}`, Identity, "This policy contains invalid Json"},
	{"old version", `{"Version":"2011-01-01","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, Identity, "Policy document must be version 2012-10-17 or greater."},
	{"no actions", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}`, Identity, "Policy statement must contain actions."},
	{"no resources", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}`, Identity, "Policy statement must contain resources."},
	{"bad resource", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}}`, Identity, `Resource bucket must be in ARN format or "*".`},
	{"no vendor", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}`, Identity, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
	{"dup sid", `{"Version":"2012-10-17","Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"a","Effect":"Deny","Action":"s3:*","Resource":"*"}]}`, Identity, "Statement IDs (SID) in a single policy must be unique."},
	{"bad effect", `{"Version":"2012-10-17","Statement":{"Effect":"Maybe","Action":"s3:*","Resource":"*"}}`, Identity, "Syntax errors in policy."},
	{"unknown field", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Bogus":1}}`, Identity, "Syntax errors in policy."},
	{"bad operator", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringSortOf":{"a:b":"c"}}}}`, Identity, "Invalid Condition type : StringSortOf."},
	{"principal in identity", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`, Identity, "Policy document should not specify a principal."},
	{"trust ok", trustDoc, Trust, ""},
	{"trust with resource", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Resource":"*"}}`, Trust, "Has prohibited field Resource"},
	{"trust non-sts action", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject"}}`, Trust, "AssumeRole policy may only specify STS AssumeRole actions."},
	{"trust bad principal type", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Evil":"x"},"Action":"sts:AssumeRole"}}`, Trust, `Invalid principal in policy: "Evil"`},
}

const trustDoc = `{"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/idp.example.com"},
  "Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],
  "Condition":{"StringEquals":{"idp.example.com:aud":"client-1"},"StringLike":{"idp.example.com:sub":"user-*"}}},
 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"},
 {"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.doc), tc.kind)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			var pe *Error
			if !errors.As(err, &pe) || pe.Msg != tc.wantErr {
				t.Fatalf("Parse error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestEvaluateTrust(t *testing.T) {
	d, err := Parse([]byte(trustDoc), Trust)
	if err != nil {
		t.Fatal(err)
	}
	fed := "arn:aws:iam::123456789012:oidc-provider/idp.example.com"
	ctx := map[string][]string{"idp.example.com:aud": {"client-1"}, "IDP.example.com:sub": {"user-42"}}
	cases := []struct {
		name string
		r    Request
		want Decision
	}{
		{"federated ok", Request{PrincipalType: "Federated", PrincipalIDs: []string{fed}, Action: "sts:AssumeRoleWithWebIdentity", Context: ctx}, Allow},
		{"action case-insensitive", Request{PrincipalType: "Federated", PrincipalIDs: []string{fed}, Action: "STS:tagsession", Context: ctx}, Allow},
		{"wrong aud", Request{PrincipalType: "Federated", PrincipalIDs: []string{fed}, Action: "sts:AssumeRoleWithWebIdentity", Context: map[string][]string{"idp.example.com:aud": {"x"}, "idp.example.com:sub": {"user-1"}}}, ImplicitDeny},
		{"missing sub", Request{PrincipalType: "Federated", PrincipalIDs: []string{fed}, Action: "sts:AssumeRoleWithWebIdentity", Context: map[string][]string{"idp.example.com:aud": {"client-1"}}}, ImplicitDeny},
		{"other provider", Request{PrincipalType: "Federated", PrincipalIDs: []string{fed + "x"}, Action: "sts:AssumeRoleWithWebIdentity", Context: ctx}, ImplicitDeny},
		{"saml action not granted", Request{PrincipalType: "Federated", PrincipalIDs: []string{fed}, Action: "sts:AssumeRoleWithSAML", Context: ctx}, ImplicitDeny},
		{"account root", Request{PrincipalType: "AWS", PrincipalIDs: []string{"arn:aws:iam::123456789012:user/u"}, PrincipalAccount: acct, Action: "sts:AssumeRole"}, Allow},
		{"other account", Request{PrincipalType: "AWS", PrincipalIDs: []string{"arn:aws:iam::999999999999:user/u"}, PrincipalAccount: "999999999999", Action: "sts:AssumeRole"}, ImplicitDeny},
		{"explicit deny wins", Request{PrincipalType: "AWS", PrincipalAccount: acct, Action: "sts:AssumeRole", Context: map[string][]string{"aws:SecureTransport": {"false"}}}, Deny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := d.Evaluate(tc.r); got != tc.want {
				t.Fatalf("Evaluate = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEvaluateIdentity(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[
	{"Effect":"Allow","Action":["qbusiness:Chat*","qbusiness:List?onversations"],"Resource":"arn:aws:qbusiness:us-east-1:123456789012:application/*"},
	{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:PrincipalTag/Email}/*"},
	{"Effect":"Deny","NotAction":["qbusiness:*","s3:*","iam:*"],"Resource":"*"},
	{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]},"NumericLessThan":{"x:n":"10"},"DateLessThanIfExists":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"Null":{"x:absent":"true"}}}]}`
	d, err := Parse([]byte(doc), Identity)
	if err != nil {
		t.Fatal(err)
	}
	app := "arn:aws:qbusiness:us-east-1:123456789012:application/app-1"
	email := map[string][]string{"aws:PrincipalTag/Email": {"mary@example.com"}}
	cases := []struct {
		name, action, resource string
		ctx                    map[string][]string
		want                   Decision
	}{
		{"chat", "qbusiness:ChatSync", app, nil, Allow},
		{"question mark", "qbusiness:ListConversations", app, nil, Allow},
		{"other service denied", "ec2:RunInstances", "*", nil, Deny},
		{"unlisted action", "qbusiness:DeleteApplication", app, nil, ImplicitDeny},
		{"other account", "qbusiness:ChatSync", "arn:aws:qbusiness:us-east-1:999999999999:application/app-1", nil, ImplicitDeny},
		{"variable ok", "s3:GetObject", "arn:aws:s3:::home/mary@example.com/f", email, Allow},
		{"variable other user", "s3:GetObject", "arn:aws:s3:::home/mateo@example.com/f", email, ImplicitDeny},
		{"variable missing", "s3:GetObject", "arn:aws:s3:::home//f", nil, ImplicitDeny},
		{"conditions ok", "iam:GetRole", "*", map[string][]string{"aws:TagKeys": {"a"}, "x:n": {"3"}}, Allow},
		{"forall fails", "iam:GetRole", "*", map[string][]string{"aws:TagKeys": {"a", "c"}, "x:n": {"3"}}, ImplicitDeny},
		{"numeric fails", "iam:GetRole", "*", map[string][]string{"x:n": {"30"}}, ImplicitDeny},
		{"date fails", "iam:GetRole", "*", map[string][]string{"x:n": {"3"}, "aws:CurrentTime": {"2031-01-01T00:00:00Z"}}, ImplicitDeny},
		{"null fails", "iam:GetRole", "*", map[string][]string{"x:n": {"3"}, "x:absent": {"v"}}, ImplicitDeny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Request{Action: tc.action, Resource: tc.resource, Context: tc.ctx}
			if got := d.Evaluate(r); got != tc.want {
				t.Fatalf("Evaluate = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestConditionOperators(t *testing.T) {
	cases := []struct {
		cond string
		ctx  map[string][]string
		want bool
	}{
		{`{"StringNotEquals":{"k:a":"x"}}`, map[string][]string{"k:a": {"y"}}, true},
		{`{"StringNotEquals":{"k:a":"x"}}`, map[string][]string{"k:a": {"x"}}, false},
		{`{"StringEqualsIgnoreCase":{"k:a":"ABC"}}`, map[string][]string{"k:a": {"abc"}}, true},
		{`{"StringNotLike":{"k:a":"a*"}}`, map[string][]string{"k:a": {"abc"}}, false},
		{`{"StringEquals":{"k:a":"x"}}`, nil, false},
		{`{"StringEqualsIfExists":{"k:a":"x"}}`, nil, true},
		{`{"ForAnyValue:StringLike":{"k:a":["*@example.com"]}}`, map[string][]string{"k:a": {"a@x.com", "b@example.com"}}, true},
		{`{"ForAnyValue:StringLike":{"k:a":["*@example.com"]}}`, nil, false},
		{`{"Bool":{"k:b":true}}`, map[string][]string{"k:b": {"true"}}, true},
		{`{"ArnLike":{"k:arn":"arn:aws:iam::*:role/x"}}`, map[string][]string{"k:arn": {"arn:aws:iam::1:role/x"}}, true},
		{`{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, map[string][]string{"aws:SourceIp": {"10.1.2.3"}}, true},
		{`{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, map[string][]string{"aws:SourceIp": {"10.1.2.3"}}, false},
	}
	for _, tc := range cases {
		t.Run(tc.cond, func(t *testing.T) {
			d, err := Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":`+tc.cond+`}}`), Identity)
			if err != nil {
				t.Fatal(err)
			}
			got := d.Evaluate(Request{Action: "a:b", Resource: "r", Context: tc.ctx}) == Allow
			if got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	cases := []struct {
		p, s string
		fold bool
		want bool
	}{
		{"*", "", false, true}, {"a*c", "abbbc", false, true}, {"a?c", "abc", false, true},
		{"a?c", "ac", false, false}, {"A*", "abc", false, false}, {"A*", "abc", true, true},
		{"*a*b*", "xaxxbx", false, true}, {"*a*b", "xaxxbx", false, false},
	}
	for _, tc := range cases {
		if got := Match(tc.p, tc.s, tc.fold); got != tc.want {
			t.Errorf("Match(%q,%q) = %v", tc.p, tc.s, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add([]byte(tc.doc), uint8(tc.kind))
	}
	f.Fuzz(func(t *testing.T, doc []byte, kind uint8) {
		d, err := Parse(doc, Kind(kind%3))
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("non-policy error %v", err)
			}
			return
		}
		_ = d.Evaluate(Request{PrincipalType: "AWS", PrincipalAccount: acct, Action: "sts:AssumeRole", Resource: "arn:aws:iam::1:role/x",
			Context: map[string][]string{"aws:PrincipalTag/Email": {"a"}, "k:a": {"1", "2"}}})
	})
}
