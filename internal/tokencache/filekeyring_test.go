package tokencache

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/99designs/keyring"
)

// TestConcurrentReadsNeverSeeAPartialItem: 1000 reads of a profile whose
// entry another store (as another process would) rewrites without pause.
// Every read returns one of the written entries whole.
func TestConcurrentReadsNeverSeeAPartialItem(t *testing.T) {
	const reads, readers = 1000, 4
	opts := fileOptions(t)
	writer, reader := openFile(t, opts), openFile(t, opts)
	versions := entryVersions(4)
	if err := writer.Put("work", versions[0]); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var writes atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() { keepWriting(t, writer, versions, stop, &writes) })
	failures := readConcurrently(reader, versions, reads, readers)
	close(stop)
	wg.Wait()
	t.Logf("%d reads against %d writes", reads, writes.Load())
	for i, err := range failures {
		if i < 5 {
			t.Errorf("read: %v", err)
		}
	}
	if len(failures) != 0 || writes.Load() < 2 {
		t.Errorf("%d of %d reads failed against %d writes, want 0 failures", len(failures), reads, writes.Load())
	}
	assertNoTempFiles(t, writer)
}

// entryVersions are n entries that differ in their credentials.
func entryVersions(n int) []Entry {
	out := make([]Entry, n)
	for i := range out {
		out[i] = sampleEntry(mary)
		out[i].AWS.AccessKeyID = fmt.Sprintf("ASIAEXAMPLE%09d", i)
	}
	return out
}

func keepWriting(t *testing.T, s *Store, versions []Entry, stop <-chan struct{}, writes *atomic.Int64) {
	for i := 1; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		if err := s.Put("work", versions[i%len(versions)]); err != nil {
			t.Errorf("write: %v", err)
			return
		}
		writes.Add(1)
	}
}

// readConcurrently makes reads Gets from readers goroutines and returns
// every failure, including an entry that is not one of versions.
func readConcurrently(s *Store, versions []Entry, reads, readers int) []error {
	var (
		mu       sync.Mutex
		failures []error
		next     atomic.Int64
		wg       sync.WaitGroup
	)
	for range readers {
		wg.Go(func() {
			for next.Add(1) <= int64(reads) {
				if err := readOne(s, versions); err != nil {
					mu.Lock()
					failures = append(failures, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return failures
}

func readOne(s *Store, versions []Entry) error {
	got, err := s.Get("work")
	if err != nil {
		return err
	}
	for _, v := range versions {
		if reflect.DeepEqual(got, v) {
			return nil
		}
	}
	return fmt.Errorf("read an entry never written (key %s)", got.AWS.AccessKeyID)
}

func assertNoTempFiles(t *testing.T, s *Store) {
	t.Helper()
	ents, err := os.ReadDir(s.fileDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestFileFormatIsTheKeyringLibrarys: items the keyring library's own
// file backend wrote are read, and what the store writes the library
// reads, so caches of either stay readable.
func TestFileFormatIsTheKeyringLibrarys(t *testing.T) {
	opts := fileOptions(t)
	s := openFile(t, opts)
	lib, err := keyring.Open(keyring.Config{AllowedBackends: []keyring.BackendType{keyring.FileBackend},
		FileDir: s.fileDir, FilePasswordFunc: keyring.FixedStringPrompt(passphrase1)})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := encodeEntry(sampleEntry(mary))
	if err := lib.Set(keyring.Item{Key: itemKey("old"), Data: data}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get("old"); err != nil || !reflect.DeepEqual(got, sampleEntry(mary)) {
		t.Errorf("Get of the library's item = %+v, %v", got.Identity, err)
	}
	if err := s.Put("new", sampleEntry(mateo)); err != nil {
		t.Fatal(err)
	}
	it, err := lib.Get(itemKey("new"))
	if err != nil {
		t.Fatalf("the library cannot read the store's item: %v", err)
	}
	if e, err := decodeEntry(it.Data); err != nil || e.Identity.Subject != "mateo" {
		t.Errorf("the library read %+v, %v", e.Identity, err)
	}
}

// TestItemHeaderBoundsTheWork: an item whose header asks for another
// algorithm or more key derivation than the format writes is corrupt
// before any key is derived (not an item that failed to decrypt).
func TestItemHeaderBoundsTheWork(t *testing.T) {
	s := openFile(t, fileOptions(t))
	s.Put("work", sampleEntry(mary))
	path := filepath.Join(s.fileDir, itemKey("work"))
	good, _ := os.ReadFile(path)
	parts := strings.Split(string(good), ".")
	for name, header := range map[string]string{
		"p2c 2^20+1": `{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2c":1048577,"p2s":"c2FsdHNhbHRzYWx0"}`,
		"p2c 0":      `{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2c":0,"p2s":"c2FsdHNhbHRzYWx0"}`,
		"no salt":    `{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2c":8192}`,
		"alg":        `{"alg":"PBES2-HS512+A256KW","enc":"A256GCM","p2c":8192,"p2s":"c2FsdHNhbHRzYWx0"}`,
		"enc":        `{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2c":8192,"p2s":"c2FsdHNhbHRzYWx0"}`,
		"zip":        `{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2c":8192,"p2s":"c2FsdHNhbHRzYWx0","zip":"DEF"}`,
		"no header":  `null`,
	} {
		parts[0] = base64.RawURLEncoding.EncodeToString([]byte(header))
		os.WriteFile(path, []byte(strings.Join(parts, ".")), 0o600)
		if _, err := s.Get("work"); !errors.Is(err, ErrCorrupt) || errors.Is(err, errUndecryptable) {
			t.Errorf("%s: Get = %v, want ErrCorrupt for the header alone", name, err)
		}
	}
}
