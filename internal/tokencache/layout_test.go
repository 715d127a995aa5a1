package tokencache

import (
	"errors"
	"reflect"
	"testing"

	"github.com/99designs/keyring"
)

// countingKeyring counts reads of the wrapped keyring.
type countingKeyring struct {
	keyring.Keyring
	gets int
}

func (c *countingKeyring) Get(key string) (keyring.Item, error) {
	c.gets++
	return c.Keyring.Get(key)
}

func TestGetReadsOneItem(t *testing.T) {
	s := openFile(t, fileOptions(t))
	if err := s.Put("work", sampleEntry(mary)); err != nil {
		t.Fatal(err)
	}
	counter := &countingKeyring{Keyring: s.kr}
	s.kr = counter
	if _, err := s.Get("work"); err != nil {
		t.Fatal(err)
	}
	if counter.gets != 1 {
		t.Errorf("Get read %d keyring items, want 1", counter.gets)
	}
}

// putLegacy writes e in the earlier two-item layout.
func putLegacy(t *testing.T, s *Store, profile string, e Entry) {
	t.Helper()
	data, err := encodeEntry(e)
	if err != nil {
		t.Fatal(err)
	}
	for key, v := range map[string][]byte{legacyEntryKey(profile, e.Identity.Key()): data, legacyPointerKey(profile): []byte(e.Identity.Key())} {
		if err := s.set(key, v, profile); err != nil {
			t.Fatal(err)
		}
	}
}

func storedKeys(t *testing.T, s *Store) []string {
	t.Helper()
	keys, err := s.kr.Keys()
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestLegacyLayoutIsReadThenReplaced(t *testing.T) {
	s := openFile(t, fileOptions(t))
	want := sampleEntry(mary)
	putLegacy(t, s, "work", want)
	got, err := s.Get("work")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Get of legacy layout = %+v, %v", got.Identity, err)
	}
	if err := s.Put("work", got); err != nil {
		t.Fatal(err)
	}
	if keys := storedKeys(t, s); !reflect.DeepEqual(keys, []string{itemKey("work")}) {
		t.Errorf("after Put stored %q, want only %q", keys, itemKey("work"))
	}
	if got, err := s.Get("work"); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Get after migration = %+v, %v", got.Identity, err)
	}
}

func TestLegacyIdentitySwitchDeletesPreviousEntry(t *testing.T) {
	s := openFile(t, fileOptions(t))
	putLegacy(t, s, "work", sampleEntry(mary))
	if err := s.Put("work", sampleEntry(mateo)); err != nil {
		t.Fatal(err)
	}
	assertNoItemOf(t, s, mary)
	if got, err := s.Get("work"); err != nil || got.Identity.Subject != "mateo" {
		t.Errorf("Get = %s, %v, want mateo", got.Identity.Subject, err)
	}
}

func TestDeleteRemovesBothLayouts(t *testing.T) {
	s := openFile(t, fileOptions(t))
	putLegacy(t, s, "work", sampleEntry(mary))
	s.set(itemKey("work"), []byte("stale"), "work")
	if err := s.Delete("work"); err != nil {
		t.Fatal(err)
	}
	if keys := storedKeys(t, s); len(keys) != 0 {
		t.Errorf("after Delete stored %q", keys)
	}
	if _, err := s.Get("work"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete = %v, want ErrNotFound", err)
	}
}

func TestCorruptLegacyPointerIsReplaced(t *testing.T) {
	s := openFile(t, fileOptions(t))
	s.set(legacyPointerKey("work"), []byte("../../not-a-key"), "work")
	if _, err := s.Get("work"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Get with bad legacy pointer = %v, want ErrCorrupt", err)
	}
	if err := s.Put("work", sampleEntry(mary)); err != nil {
		t.Fatal(err)
	}
	if keys := storedKeys(t, s); !reflect.DeepEqual(keys, []string{itemKey("work")}) {
		t.Errorf("after Put stored %q", keys)
	}
}

func TestCRED05_WrongPassphraseNeverOverwrites(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		opts := fileOptions(t)
		s := openFile(t, opts)
		if legacy {
			putLegacy(t, s, "work", sampleEntry(mary))
		} else {
			s.Put("work", sampleEntry(mary))
		}
		wrong := opts
		wrong.Env = mapEnv{PassphraseEnv: "wrong passphrase"}
		if err := openFile(t, wrong).Put("work", sampleEntry(mateo)); err == nil {
			t.Errorf("legacy=%v: Put with wrong passphrase over an entry succeeded", legacy)
		}
		if got, err := openFile(t, opts).Get("work"); err != nil || got.Identity.Subject != "mary" {
			t.Errorf("legacy=%v: Get after refused Put = %s, %v", legacy, got.Identity.Subject, err)
		}
	}
}
