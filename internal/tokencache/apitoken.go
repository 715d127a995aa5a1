package tokencache

import (
	"fmt"

	"github.com/qbiz/qbiz/internal/logging"
)

// apiTokenKey names the keyring item holding the API token of a service
// qbiz reads as an administrator (an Okta org, for group sync).
func apiTokenKey(name string) string { return "qbiz:api-token:" + name }

// APIToken returns the API token stored under name (a profile-like name
// such as okta-example.okta.com), or an error matching ErrNotFound.
func (s *Store) APIToken(name string) (logging.Secret, error) {
	if err := checkProfile(name); err != nil {
		return "", err
	}
	data, err := s.get(apiTokenKey(name))
	if err != nil {
		return "", fmt.Errorf("API token %s: %w", name, err)
	}
	return logging.Secret(data), nil
}

// PutAPIToken stores the API token under name.
func (s *Store) PutAPIToken(name string, token logging.Secret) error {
	if err := checkProfile(name); err != nil {
		return err
	}
	if err := s.set(apiTokenKey(name), []byte(token.Reveal()), name); err != nil {
		return fmt.Errorf("store API token %s: %w", name, err)
	}
	return nil
}
