package tokencache

import (
	"reflect"
	"strings"
	"testing"
)

// The exported wire form carries every secret (the caller seals it) and
// reads back the same entry; garbage is refused without being echoed.
func TestMarshalEntryRoundTrip(t *testing.T) {
	e := sampleEntry(mary)
	e.Settings = map[string]string{"qbiz_mode": "oidc"}
	b, err := MarshalEntry(e)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), string(canaryRefresh)) {
		t.Fatal("the wire form lost the refresh token")
	}
	got, err := UnmarshalEntry(b)
	if err != nil || !reflect.DeepEqual(got, e) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if _, err := UnmarshalEntry([]byte(`{"v":1,` + string(canaryRefresh))); err == nil || strings.Contains(err.Error(), string(canaryRefresh)) {
		t.Fatalf("garbage: %v", err)
	}
}
