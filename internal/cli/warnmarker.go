package cli

import (
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/qbiz/qbiz/internal/atomicfile"
)

// warnInterval is how often qbiz credentials repeats a profile's sign-in
// warning. The AWS CLI runs credential_process for every command and a
// script may run hundreds a minute: once a minute still reaches the
// person at the terminal within the fifteen-minute window without
// filling a script's log.
const warnInterval = time.Minute

// warnedRecently reports whether profile's sign-in warning was given
// within warnInterval; if not it records now (a small file written
// atomically in the state directory) and reports false. Anything that
// keeps the record from working means warning: a warning too many is
// better than a sign-in ending unannounced. Two processes at the same
// instant may both warn.
func (a *app) warnedRecently(profile string) bool {
	path, ok := a.warnMarker(profile)
	if !ok {
		return false
	}
	now := a.now()
	if b, err := os.ReadFile(path); err == nil {
		if last, err := time.Parse(time.RFC3339Nano, string(b)); err == nil && !now.Before(last) && now.Sub(last) < warnInterval {
			return true
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err == nil {
		_ = atomicfile.Write(path, []byte(now.UTC().Format(time.RFC3339Nano)))
	}
	return false
}

// warnMarker is where profile's last warning is recorded:
// $XDG_STATE_HOME/qbiz/warned/PROFILE, else ~/.local/state/qbiz/warned/PROFILE.
func (a *app) warnMarker(profile string) (string, bool) {
	dir := a.getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(dir) {
		home := a.getenv("HOME")
		if home == "" {
			return "", false
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "qbiz", "warned", url.PathEscape(profile)), true
}
