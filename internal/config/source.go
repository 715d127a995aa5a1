package config

import (
	"errors"
	"fmt"
	"slices"
)

// SaveSource writes a plain AWS profile, not a qbiz one: credential_process,
// region and endpoint_url only, such as the profile an Identity Center
// profile names in qbiz_idc_source_profile. Like Save, it edits that one
// section and replaces the file atomically.
func SaveSource(env Env, p Profile) error {
	if err := p.validateSource(); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	path, err := Path(env)
	if err != nil {
		return fmt.Errorf("save profile %q: %w", p.Name, err)
	}
	if err := saveTo(path, p); err != nil {
		return fmt.Errorf("save profile %q to %s: %w", p.Name, path, err)
	}
	return nil
}

var sourceKeys = []string{KeyCredentialProcess, KeyRegion, KeyEndpointURL}

func (p Profile) validateSource() error {
	errs := []error{ValidateName(p.Name), p.validateValues(), optional(KeyEndpointURL, p.EndpointURL, checkURL)}
	if p.CredentialProcess == "" {
		errs = append(errs, required(KeyCredentialProcess))
	}
	if p.Region == "" {
		errs = append(errs, required(KeyRegion))
	}
	for _, kv := range p.pairs() {
		if !slices.Contains(sourceKeys, kv.key) {
			errs = append(errs, fmt.Errorf("%s: not a key of a source profile", kv.key))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("source profile %q: %w", p.Name, err)
	}
	return nil
}
