package tokencache

import (
	"errors"
	"fmt"
)

// The earlier layout kept two items per profile: a pointer holding the
// current identity key and the entry filed under profile and identity
// key. Reading it cost two keyring reads (with the file backend, two
// PBES2 key derivations). It is still read, so an upgrade signs nobody
// out, and Put and Delete remove it.

func legacyPointerKey(profile string) string      { return "qbiz:current:" + profile }
func legacyEntryKey(profile, idKey string) string { return "qbiz:entry:" + profile + ":" + idKey }

// readLegacy returns the entry the legacy pointer names, checking that it
// is filed under its own identity.
func (s *Store) readLegacy(profile string) (Entry, error) {
	idKey, err := s.legacyPointer(profile)
	if err != nil {
		return Entry{}, s.unreadable(profile, legacyPointerKey(profile), err)
	}
	key := legacyEntryKey(profile, idKey)
	data, err := s.get(key)
	if err != nil {
		return Entry{}, s.unreadable(profile, key, err)
	}
	e, err := decodeEntry(data)
	if err == nil && e.Identity.Key() != idKey {
		err = fmt.Errorf("%w: entry filed under another identity", ErrCorrupt)
	}
	return e, s.unreadable(profile, key, err)
}

// legacyPointer returns the identity key the legacy pointer holds.
func (s *Store) legacyPointer(profile string) (string, error) {
	data, err := s.get(legacyPointerKey(profile))
	if err != nil {
		return "", err
	}
	if !validIDKey(string(data)) {
		return "", fmt.Errorf("%w: bad identity pointer", ErrCorrupt)
	}
	return string(data), nil
}

// removeLegacy deletes the legacy entry, then the pointer (so a crash in
// between leaves nothing that names a missing item). With nothing
// legacy stored it costs one lookup of a missing item.
func (s *Store) removeLegacy(profile string) error {
	idKey, err := s.legacyPointer(profile)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil
	case err == nil:
		if err := s.remove(legacyEntryKey(profile, idKey)); err != nil {
			return err
		}
	case !errors.Is(err, ErrCorrupt):
		return err
	}
	return s.remove(legacyPointerKey(profile))
}
