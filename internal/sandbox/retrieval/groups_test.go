package retrieval

import (
	"slices"
	"testing"
)

func TestGroupStore(t *testing.T) {
	gs := NewGroupStore()
	gs.Put("eng", []string{"ann@example.com", "Bob@Example.com"}, nil)
	gs.Put("rnd", []string{"carl@example.com"}, []string{"eng", "missing"})
	gs.Put("a", nil, []string{"b"})
	gs.Put("b", []string{"dan@example.com"}, []string{"a"})
	tests := []struct {
		user string
		want []string
	}{
		{"ann@example.com", []string{"eng", "rnd"}},
		{"BOB@example.com", []string{"eng", "rnd"}},
		{"carl@example.com", []string{"rnd"}},
		{"dan@example.com", []string{"a", "b"}},
		{"nobody@example.com", []string{}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			got := gs.GroupsOf(tt.user)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("GroupsOf(%q) = %v, want %v", tt.user, got, tt.want)
			}
		})
	}
	if got := gs.List(); !slices.Equal(got, []string{"a", "b", "eng", "rnd"}) {
		t.Fatalf("List = %v", got)
	}
}

func TestGroupStorePutReplacesAndDelete(t *testing.T) {
	gs := NewGroupStore()
	users := []string{"ann@example.com"}
	gs.Put("eng", users, []string{"x"})
	users[0] = "mallory@example.com" // the store must hold its own copy
	gs.Put("eng", []string{"bob@example.com"}, nil)
	if got := gs.GroupsOf("ann@example.com"); len(got) != 0 {
		t.Fatalf("ann still in %v after replace", got)
	}
	u, g, ok := gs.Get("eng")
	if !ok || !slices.Equal(u, []string{"bob@example.com"}) || len(g) != 0 {
		t.Fatalf("Get = %v %v %v", u, g, ok)
	}
	if !gs.Delete("eng") || gs.Delete("eng") {
		t.Fatal("Delete should report existence once")
	}
	if _, _, ok := gs.Get("eng"); ok {
		t.Fatal("deleted group still present")
	}
	if got := gs.GroupsOf("bob@example.com"); len(got) != 0 {
		t.Fatalf("bob still in %v after delete", got)
	}
}
