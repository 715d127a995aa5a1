package groupsync

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseFile(t *testing.T) {
	for _, tc := range []struct {
		name, file, data string
		want             Directory
		wantErr          string
	}{
		{name: "json", file: "g.json", data: `{"groups": [{"name": "core-team", "members": ["mary_major@example.com", "group:leads"]}, {"name": "leads", "members": []}]}`,
			want: Directory{"core-team": {"mary_major@example.com", "group:leads"}, "leads": nil}},
		{name: "json sniffed", file: "groups", data: ` {"groups": [{"name": "a", "members": ["a@x.com"]}]}`, want: Directory{"a": {"a@x.com"}}},
		{name: "csv", file: "g.csv", data: "group,member\ncore-team,mary_major@example.com\ncore-team, group:leads\nleads,l@x.com\n",
			want: Directory{"core-team": {"mary_major@example.com", "group:leads"}, "leads": {"l@x.com"}}},
		{name: "csv header only", file: "g.csv", data: "Group,Member\n", want: Directory{}},
		{name: "json syntax error", file: "g.json", data: "{\"groups\": [\n {\"name\": \"a\",\n \"members\": [\"a@x.com\",]}]}", wantErr: "line 3:"},
		{name: "json wrong type", file: "g.json", data: "{\"groups\": [\n{\"name\": 7}]}", wantErr: "line 2: groups.name must be string"},
		{name: "json unknown field", file: "g.json", data: `{"groups": [], "users": []}`, wantErr: `unknown field "users"`},
		{name: "json no groups", file: "g.json", data: `{}`, wantErr: `no "groups" list`},
		{name: "json empty", file: "g.json", data: ``, wantErr: "empty file"},
		{name: "json bad member", file: "g.json", data: `{"groups": [{"name": "a", "members": ["mary"]}]}`, wantErr: `groups[0]: group a: member "mary" is not an email address`},
		{name: "json nameless", file: "g.json", data: `{"groups": [{"members": []}]}`, wantErr: "groups[0]: a group has no name"},
		{name: "csv wrong header", file: "g.csv", data: "name,email\n", wantErr: `line 1: the header must be "group,member"`},
		{name: "csv three fields", file: "g.csv", data: "group,member\na,a@x.com\nb,b@x.com,extra\n", wantErr: "line 3: wrong number of fields"},
		{name: "csv bad member", file: "g.csv", data: "group,member\na,a@x.com\n\na,not-an-email\n", wantErr: `line 4: group a: member "not-an-email" is not an email address`},
		{name: "csv empty group name", file: "g.csv", data: "group,member\n,a@x.com\n", wantErr: "line 2: a group has no name"},
		{name: "csv bare quote", file: "g.csv", data: "group,member\na,\"a@x.com\nb,b@x.com\n", wantErr: `line 3: extraneous or missing " in quoted-field`},
		{name: "csv empty", file: "g.csv", data: "", wantErr: "empty file"},
		{name: "csv nested names nothing", file: "g.csv", data: "group,member\na,group:\n", wantErr: `line 2: group a: member "group:" names no group`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseFile(tc.file, []byte(tc.data))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFileSource(t *testing.T) {
	dir := t.TempDir()
	if _, err := File(filepath.Join(dir, "missing.json")).Directory(context.Background()); err == nil || !strings.Contains(err.Error(), "read groups file") {
		t.Errorf("missing file: err = %v", err)
	}
	p := filepath.Join(dir, "g.csv")
	os.WriteFile(p, []byte("group,member\na,bad\n"), 0o600)
	if _, err := File(p).Directory(context.Background()); err == nil || !strings.Contains(err.Error(), "groups file "+p+": line 2:") {
		t.Errorf("bad file: err = %v, want the file and line named", err)
	}
}

func TestOpen(t *testing.T) {
	env := func(string) string { return "" }
	for spec, wantErr := range map[string]string{
		"ldap://x":                  "unknown source",
		"groups.json":               "unknown source",
		"file:":                     "names no file",
		"scim:ftp://x":              "not an http(s) URL",
		"scim:http://idp.example":   "use https",
		"okta:https://":             "not an http(s) URL",
		"file:g.json":               "",
		"scim:https://idp.example/": "",
		"scim:http://127.0.0.1:9/s": "",
		"okta:https://x.okta.com":   "",
	} {
		_, err := Open(spec, env, nil)
		if (wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), wantErr)) {
			t.Errorf("Open(%q) = %v, want %q", spec, err, wantErr)
		}
	}
}
