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
	p, _, err := Read(env, name)
	return p, err
}

// Read is Load that also returns warnings about the profile's sections
// (unknown qbiz_* keys) for the caller to show. A file with a line qbiz
// cannot read is an error naming the file and the line (SyntaxError),
// whichever profile the line belongs to.
func Read(env Env, name string) (Profile, []Warning, error) {
	path, err := Path(env)
	if err != nil {
		return Profile{}, nil, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Profile{}, nil, fmt.Errorf("load profile %q: %w (no file %s)", name, ErrProfileNotFound, path)
	}
	if err != nil {
		return Profile{}, nil, fmt.Errorf("load profile %q: %w", name, err)
	}
	doc := parseDocument(data)
	if err := doc.check(); err != nil {
		return Profile{}, nil, fmt.Errorf("load profile %q: %s %w", name, path, err)
	}
	p, err := parseProfile(doc, name)
	if err != nil {
		return Profile{}, nil, fmt.Errorf("load profile %q from %s: %w", name, path, err)
	}
	var ws []Warning
	for _, s := range doc.find(name) {
		ws = append(ws, unknownKeys(path, doc.entries(s))...)
	}
	return p, ws, nil
}

// parseProfile extracts one profile from a config document. Repeated
// sections of the same profile merge, later keys winning, as in the AWS
// SDKs.
func parseProfile(doc *document, name string) (Profile, error) {
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
