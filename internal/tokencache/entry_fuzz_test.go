package tokencache

import (
	"strings"
	"testing"
)

func FuzzDecodeEntry(f *testing.F) {
	good, _ := encodeEntry(sampleEntry(mary))
	f.Add(good)
	f.Add([]byte(`{"v":2}`))
	f.Add([]byte(`{"v":1,"refresh_token":` + "\"" + canaryRefresh))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEntry(data)
		if err != nil {
			if strings.Contains(err.Error(), canaryRefresh) {
				t.Fatalf("error echoes input: %v", err)
			}
			return
		}
		again, err := encodeEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decodeEntry(again); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
	})
}
