package gateway

import (
	"fmt"
	"testing"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/tokencache"
)

func TestOpenedSignInsServeOnlyTheirSessionAndBytes(t *testing.T) {
	o := newOpenedSignIns()
	mary := tokencache.Entry{Identity: identity.Identity{Issuer: "i", Subject: "mary"}, Settings: map[string]string{"k": "v"}}
	sealed := []byte("mary's sealed sign-in")
	o.put("s1", sealed, mary)
	sealed[0] = 'X' // the caller's bytes change: the copy kept does not
	if _, ok := o.get("s1", sealed); ok {
		t.Error("served for other bytes")
	}
	e, ok := o.get("s1", []byte("mary's sealed sign-in"))
	if !ok || e.Identity.Subject != "mary" {
		t.Fatalf("get = %+v, %v", e, ok)
	}
	e.Settings["k"] = "changed"
	if e2, _ := o.get("s1", []byte("mary's sealed sign-in")); e2.Settings["k"] != "v" {
		t.Error("a caller's change reached the kept entry")
	}
	if _, ok := o.get("s2", []byte("mary's sealed sign-in")); ok {
		t.Error("served to another session id")
	}
	o.forget("s1")
	if _, ok := o.get("s1", []byte("mary's sealed sign-in")); ok {
		t.Error("served after forget")
	}
}

func TestOpenedSignInsBounded(t *testing.T) {
	o := newOpenedSignIns()
	for i := range maxOpened + 100 {
		o.put(fmt.Sprint(i), []byte("x"), tokencache.Entry{})
	}
	if n := len(o.m); n != maxOpened {
		t.Errorf("%d kept, want %d", n, maxOpened)
	}
}
