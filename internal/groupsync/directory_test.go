package groupsync

import (
	"reflect"
	"strings"
	"testing"
)

func TestFlatten(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      Directory
		want    Groups
		wantErr string
	}{
		{name: "plain", in: Directory{"a": {"y@x.com", "x@x.com", "x@x.com"}},
			want: Groups{"a": {"x@x.com", "y@x.com"}}},
		{name: "nested two deep", in: Directory{"all": {"group:eng", "boss@x.com"}, "eng": {"group:core", "e@x.com"}, "core": {"c@x.com"}},
			want: Groups{"all": {"boss@x.com", "c@x.com", "e@x.com"}, "eng": {"c@x.com", "e@x.com"}, "core": {"c@x.com"}}},
		{name: "diamond", in: Directory{"a": {"group:b", "group:c"}, "b": {"group:d"}, "c": {"group:d"}, "d": {"d@x.com"}},
			want: Groups{"a": {"d@x.com"}, "b": {"d@x.com"}, "c": {"d@x.com"}, "d": {"d@x.com"}}},
		{name: "empty group", in: Directory{"a": nil}, want: Groups{"a": nil}},
		{name: "self cycle", in: Directory{"a": {"group:a"}}, wantErr: "cycle: a → a"},
		{name: "long cycle", in: Directory{"a": {"group:b"}, "b": {"group:c"}, "c": {"group:a", "c@x.com"}}, wantErr: "cycle: a → b → c → a"},
		{name: "cycle below an acyclic root", in: Directory{"root": {"group:b"}, "b": {"group:c"}, "c": {"group:b"}}, wantErr: "cycle: b → c → b"},
		{name: "unknown nested group", in: Directory{"a": {"group:ghost"}}, wantErr: "group a: member group:ghost names no group"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Flatten(tc.in)
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
