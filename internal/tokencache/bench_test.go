package tokencache

import "testing"

// BenchmarkGetFile is the keyring part of a warm `qbiz credentials` with
// the encrypted file backend: one item, one PBES2 key derivation.
func BenchmarkGetFile(b *testing.B) {
	opts := fileOptions(b)
	if err := openFile(b, opts).Put("work", sampleEntry(mary)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := openFile(b, opts).Get("work"); err != nil {
			b.Fatal(err)
		}
	}
}
