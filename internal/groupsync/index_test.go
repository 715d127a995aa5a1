package groupsync

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRecordPathChecksIDs(t *testing.T) {
	good := "0123456789abcdef0123456789abcdef-123"
	p, err := RecordPath("/data", Target{ApplicationID: good, IndexID: good})
	if err != nil || filepath.Dir(p) != "/data" {
		t.Errorf("RecordPath = %q, %v", p, err)
	}
	for _, tc := range []Target{
		{ApplicationID: "../../../../etc/cron.d/x" + strings.Repeat("a", 12), IndexID: good},
		{ApplicationID: good, IndexID: "short"},
		{ApplicationID: "-" + good[1:], IndexID: good},
		{ApplicationID: good, IndexID: good[:35] + "/"},
	} {
		if _, err := RecordPath("/data", tc); err == nil || !strings.Contains(err.Error(), "is not a Q Business id") {
			t.Errorf("RecordPath(%+v) err = %v", tc, err)
		}
	}
}
