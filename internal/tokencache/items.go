package tokencache

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/99designs/keyring"
)

// get reads one keyring item; a missing item is ErrNotFound.
func (s *Store) get(key string) ([]byte, error) {
	if err := s.checkItem(key); err != nil {
		return nil, err
	}
	it, err := s.kr.Get(key)
	if errors.Is(err, keyring.ErrKeyNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return it.Data, nil
}

func (s *Store) set(key string, data []byte, profile string) error {
	if err := s.checkItem(key); err != nil {
		return err
	}
	err := s.kr.Set(keyring.Item{
		Key: key, Data: data,
		Label:       "qbiz " + profile,
		Description: "qbiz token cache",
	})
	if err != nil {
		return err
	}
	return s.checkItem(key)
}

// remove deletes one item; a missing item is not an error.
func (s *Store) remove(key string) error {
	if err := s.checkItem(key); err != nil {
		return err
	}
	err := s.kr.Remove(key)
	if err == nil || errors.Is(err, keyring.ErrKeyNotFound) || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// checkItem vets the file backend's file for key: a symbolic link there
// is refused, a wider mode tightened. Keys hold no '/' or '%', so the
// file name is the key itself.
func (s *Store) checkItem(key string) error {
	if s.fileDir == "" {
		return nil
	}
	return checkFile(filepath.Join(s.fileDir, key))
}
