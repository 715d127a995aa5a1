package wire

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestParseForm(t *testing.T) {
	cases := []struct {
		name, body string
		want       url.Values
		msg        string // error message; "" = success
	}{
		{name: "empty", body: "", want: url.Values{}},
		{name: "simple", body: "Action=GetCallerIdentity&Version=2011-06-15",
			want: url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}},
		{name: "escapes", body: "RoleSessionName=a%2Bb&Policy=%7B%22x%22%3A1%7D&Name=a+b",
			want: url.Values{"RoleSessionName": {"a+b"}, "Policy": {`{"x":1}`}, "Name": {"a b"}}},
		{name: "empty value", body: "Action=&X", want: url.Values{"Action": {""}, "X": {""}}},
		{name: "repeated key", body: "Action=A&Version=1&Action=B", msg: "The parameter Action was specified more than once"},
		{name: "repeated key, same value", body: "A=1&A=1", msg: "The parameter A was specified more than once"},
		{name: "bad escape", body: "Action=%zz", msg: "The request could not be parsed: "},
		{name: "truncated escape", body: "Action=%4", msg: "The request could not be parsed: "},
		{name: "bad escape in key", body: "%G0=1", msg: "The request could not be parsed: "},
		{name: "semicolon separator", body: "Action=A;Version=1", msg: "The request could not be parsed: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseForm([]byte(tc.body))
			if tc.msg == "" {
				if err != nil || !reflect.DeepEqual(got, tc.want) {
					t.Fatalf("got %v, %v; want %v", got, err, tc.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Status != 400 || e.Code != "MalformedQueryString" || !strings.HasPrefix(e.Message, tc.msg) || got != nil {
				t.Fatalf("got %v, %v; want MalformedQueryString %q", got, err, tc.msg)
			}
		})
	}
}

func TestMembers(t *testing.T) {
	form, err := ParseForm([]byte("Tags.member.2.Key=b&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Value=2&Tags.member.3.Key=c" +
		"&Tags.member.5.Key=gap&ARNs.member.1=x&ARNs.member.2=y&ARNs.member.10=z&Other.member.1=o"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		prefix, suffix string
		want           []string
	}{
		{"Tags", "Key", []string{"a", "b", "c"}},
		{"Tags", "Value", []string{"1", "2"}},
		{"ARNs", "", []string{"x", "y"}},
		{"Missing", "", nil},
		{"Tags", "", nil},
		{"Tags.member.1", "Key", nil},
	}
	for _, tc := range cases {
		if got := Members(form, tc.prefix, tc.suffix); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Members(%q, %q) = %v, want %v", tc.prefix, tc.suffix, got, tc.want)
		}
	}
}

func FuzzParseForm(f *testing.F) {
	for _, s := range []string{"", "Action=GetCallerIdentity&Version=2011-06-15", "A=1&A=2", "Action=%zz", "a;b", "Tags.member.1.Key=a&Tags.member.1.Value=%20", "=&=&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := ParseForm([]byte(body))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Status != 400 || e.Code != "MalformedQueryString" {
				t.Fatalf("error %v", err)
			}
			return
		}
		for k, v := range form {
			if len(v) != 1 {
				t.Fatalf("key %q has %d values", k, len(v))
			}
		}
		_ = Members(form, "Tags", "Key")
		_ = Members(form, "ARNs", "")
	})
}
