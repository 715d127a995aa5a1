package sandbox_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox"
)

// TestStateSavedAfterChanges signs in at the OIDC provider and at Identity
// Center and waits, without stopping the sandbox, until the state file
// holds every request made so far. That file is what a killed sandbox
// leaves behind: a sandbox restored from it (the clean stop's own save
// undone) still renews both sign-ins.
func TestStateSavedAfterChanges(t *testing.T) {
	opts := sandbox.Options{Addr: freeAddr(t), StatePath: filepath.Join(t.TempDir(), "world.json")}
	w1 := startPersistent(t, opts)
	oidc := oidcSession{w: w1}
	rt := oidc.signIn(t)
	idc := idcSession{w: w1, app: w1.app(t, "idc").IDCApplicationARN}
	idcRT := idc.signIn(t)
	entries := readLedger(t, w1)
	killed := waitForSave(t, opts.StatePath, entries[len(entries)-1].Seq)
	checkMode(t, opts.StatePath)
	closeWorld(t, w1)
	if err := os.WriteFile(opts.StatePath, killed, 0o600); err != nil {
		t.Fatal(err)
	}

	w2 := startPersistent(t, opts)
	oidc.w, idc.w = w2, w2
	oidc.refresh(t, rt, "")
	idc.refresh(t, idcRT, "")
}

// waitForSave polls the state file until its ledger reaches seq and
// returns the file as it was then. The bound only turns a save that never
// comes into a failure instead of a hang.
func waitForSave(t *testing.T, path string, seq int64) []byte {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var st struct {
			Ledger struct {
				Seq int64 `json:"seq"`
			} `json:"ledger"`
		}
		if err := json.Unmarshal(b, &st); err != nil {
			t.Fatalf("state file %s: %v", path, err)
		}
		if st.Ledger.Seq >= seq {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("state file still holds ledger entry %d, want %d: changes are not saved while the sandbox runs", st.Ledger.Seq, seq)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
