package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrProfileNotFound means the config file has no section for the profile
// (or there is no config file).
var ErrProfileNotFound = errors.New("profile not found")

// Load reads profile name from the config file. It does not validate:
// callers apply overrides (Resolve) and then call Validate.
func Load(env Env, name string) (Profile, error) {
	path, err := Path(env)
	if err != nil {
		return Profile{}, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Profile{}, fmt.Errorf("load profile %q: %w (no file %s)", name, ErrProfileNotFound, path)
	}
	if err != nil {
		return Profile{}, fmt.Errorf("load profile %q: %w", name, err)
	}
	p, err := parseProfile(data, name)
	if err != nil {
		return Profile{}, fmt.Errorf("load profile %q from %s: %w", name, path, err)
	}
	return p, nil
}

// parseProfile extracts one profile from config file contents. Repeated
// sections of the same profile merge, later keys winning, as in the AWS
// SDKs.
func parseProfile(data []byte, name string) (Profile, error) {
	doc := parseDocument(data)
	secs := doc.find(name)
	if len(secs) == 0 {
		return Profile{}, ErrProfileNotFound
	}
	p := Profile{Name: name}
	for _, s := range secs {
		if err := applyEntries(&p, doc.entries(s)); err != nil {
			return Profile{}, err
		}
	}
	return p, nil
}

func applyEntries(p *Profile, es []entry) error {
	for _, e := range es {
		f, ok := lookupField(e.key)
		if !ok {
			continue
		}
		if err := f.set(p, e.value); err != nil {
			return fmt.Errorf("%s (line %d): %w", e.key, e.line+1, err)
		}
	}
	return nil
}
