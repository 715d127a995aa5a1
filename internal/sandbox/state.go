package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// stateVersion names the layout of the state file; a file with another
// version is refused rather than half-read.
const stateVersion = "qbiz-sandbox-state/1"

// maxStateFile bounds what Start reads from a state file.
const maxStateFile = 512 << 20

// savedState is the world a sandbox persists to Options.StatePath: every key
// that makes previously issued credentials, tokens and registered metadata
// valid, and every store's snapshot. It holds secrets (mode 0600).
type savedState struct {
	Version  string    `json:"version"`
	SavedAt  time.Time `json:"saved_at"`
	URL      string    `json:"url"`
	Scenario string    `json:"scenario"`

	SealKey       []byte     `json:"seal_key"`
	RevokedBefore time.Time  `json:"revoked_before,omitzero"`
	Admin         savedAdmin `json:"admin"`

	OIDCKeys             json.RawMessage           `json:"oidc_keys"`
	OIDCClients          []oidcidp.Client          `json:"oidc_clients"`
	SAMLKeys             json.RawMessage           `json:"saml_keys"`
	SAMLServiceProviders []samlidp.ServiceProvider `json:"saml_service_providers"`
	IDCKeys              json.RawMessage           `json:"idc_keys"`

	// OIDCSessions and IDCSessions are the live sign-ins: the refresh
	// tokens (with their rotation families) the OIDC provider and Identity
	// Center issued. Ledger is the request ledger. A file saved before they
	// were kept lacks them and restores without them.
	OIDCSessions json.RawMessage `json:"oidc_sessions,omitempty"`
	IDCSessions  json.RawMessage `json:"idc_sessions,omitempty"`
	Ledger       json.RawMessage `json:"ledger,omitempty"`

	IAM       json.RawMessage `json:"iam"`
	SSOAdmin  json.RawMessage `json:"sso_admin"`
	QBusiness json.RawMessage `json:"qbusiness"`
	Secrets   json.RawMessage `json:"secrets"`

	Applications []Application `json:"applications"`
}

// savedAdmin is the administrator's long-term key and the principal behind it.
type savedAdmin struct {
	AccessKeyID     string            `json:"access_key_id"`
	SecretAccessKey string            `json:"secret_access_key"`
	Principal       awsauth.Principal `json:"principal"`
}

// validate reports the first missing or malformed part.
func (st *savedState) validate() error {
	required := []struct {
		name string
		ok   bool
	}{
		{"url", st.URL != ""}, {"scenario", st.Scenario == ScenarioDemo || st.Scenario == ScenarioEmpty},
		{"seal_key", len(st.SealKey) == 32},
		{"admin", st.Admin.AccessKeyID != "" && st.Admin.SecretAccessKey != "" && st.Admin.Principal.ARN != ""},
		{"oidc_keys", len(st.OIDCKeys) > 0}, {"saml_keys", len(st.SAMLKeys) > 0}, {"idc_keys", len(st.IDCKeys) > 0},
		{"iam", len(st.IAM) > 0}, {"sso_admin", len(st.SSOAdmin) > 0}, {"qbusiness", len(st.QBusiness) > 0}, {"secrets", len(st.Secrets) > 0},
	}
	for _, r := range required {
		if !r.ok {
			return fmt.Errorf("%s is missing or malformed", r.name)
		}
	}
	return nil
}

// loadState reads path. A missing file is no error (nil state) when its
// directory exists; anything else wrong with the file is an error naming it.
func loadState(path string) (*savedState, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, checkStateDir(path)
	}
	if err != nil {
		return nil, fmt.Errorf("sandbox state file %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("sandbox state file %s is not a regular file", path)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("sandbox state file %s is accessible to group or others (mode %04o) but holds secrets: run chmod 600 %s",
			path, fi.Mode().Perm(), path)
	}
	if fi.Size() > maxStateFile {
		return nil, fmt.Errorf("sandbox state file %s is too large (%d bytes)", path, fi.Size())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sandbox state file %s: %w", path, err)
	}
	return decodeState(path, b)
}

func decodeState(path string, b []byte) (*savedState, error) {
	var head struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("sandbox state file %s is corrupt (%v); remove it to provision a new world", path, err)
	}
	if head.Version != stateVersion {
		return nil, fmt.Errorf("sandbox state file %s was written by a different sandbox version (%q, this one reads %q); remove it to provision a new world",
			path, head.Version, stateVersion)
	}
	st := &savedState{}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("sandbox state file %s is corrupt (%v); remove it to provision a new world", path, err)
	}
	if err := st.validate(); err != nil {
		return nil, fmt.Errorf("sandbox state file %s is corrupt: %w; remove it to provision a new world", path, err)
	}
	return st, nil
}

func checkStateDir(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("sandbox state file %s: directory %s: %w", path, dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("sandbox state file %s: %s is not a directory", path, dir)
	}
	return nil
}

// checkAddress refuses a saved world served at another URL: issuer URLs,
// SAML metadata and registered providers embed scheme, host and port.
func (st *savedState) checkAddress(path, url string) error {
	if st.URL == url {
		return nil
	}
	return fmt.Errorf("sandbox state file %s holds a world served at %s, but this sandbox serves %s: "+
		"its issuer URLs embed the address, so start it with the same --addr (and --tls setting) or use another --state file",
		path, st.URL, url)
}

// writeStateFile replaces path atomically with b, readable only by its owner.
func writeStateFile(path string, b []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save sandbox state to %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	// CreateTemp makes the file 0600 before anything is written to it.
	if _, err = tmp.Write(b); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("save sandbox state to %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save sandbox state to %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename in dir durable. It is best effort: some file
// systems cannot sync a directory, and the rename itself already happened.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Save writes the world to Options.StatePath atomically (mode 0600). Start
// calls it after provisioning, the autosaver after changes and Close on the
// way out.
func (s *Sandbox) Save() error {
	if s.opts.StatePath == "" {
		return errors.New("save sandbox state: no state file configured (Options.StatePath)")
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	st, err := s.capture()
	if err != nil {
		return fmt.Errorf("save sandbox state to %s: %w", s.opts.StatePath, err)
	}
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("save sandbox state to %s: %w", s.opts.StatePath, err)
	}
	return writeStateFile(s.opts.StatePath, b)
}

// capture snapshots every key and store.
func (s *Sandbox) capture() (*savedState, error) {
	st := &savedState{Version: stateVersion, SavedAt: time.Now().UTC(), URL: s.URL, Scenario: s.opts.Scenario,
		SealKey: s.sealKey, RevokedBefore: s.authority.RevokedBefore(), Admin: s.adminKey,
		OIDCClients: s.oidc.Clients(), SAMLServiceProviders: s.saml.ServiceProviders(), Applications: s.info.Applications}
	parts := []struct {
		dst  *json.RawMessage
		from func() ([]byte, error)
	}{
		{&st.OIDCKeys, s.oidc.ExportKeys}, {&st.SAMLKeys, s.saml.ExportKeys}, {&st.IDCKeys, s.idc.ExportKeys},
		{&st.IAM, s.iamStore.Snapshot}, {&st.SSOAdmin, s.ssoStore.Snapshot}, {&st.QBusiness, s.q.Snapshot}, {&st.Secrets, s.secretStore.Snapshot},
		{&st.OIDCSessions, s.oidc.ExportSessions}, {&st.IDCSessions, s.idc.ExportSessions}, {&st.Ledger, s.Ledger.Snapshot},
	}
	for _, p := range parts {
		b, err := p.from()
		if err != nil {
			return nil, err
		}
		*p.dst = b
	}
	return st, nil
}
