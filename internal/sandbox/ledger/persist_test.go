package ledger

import (
	"reflect"
	"strings"
	"testing"
)

func TestSnapshotRestore(t *testing.T) {
	l := New(10)
	for _, op := range []string{"AssumeRoleWithWebIdentity", "ChatSync", "PutFeedback"} {
		l.Append(Entry{Service: "x", Operation: op, Principal: &Principal{ARN: "arn:" + op}, Detail: map[string]string{"k": op}})
	}
	b, err := l.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	restored := New(10)
	if err := restored.Restore(b); err != nil {
		t.Fatal(err)
	}
	if got, want := restored.Entries(nil), l.Entries(nil); !reflect.DeepEqual(got, want) {
		t.Fatalf("restored\n%+v\nwant\n%+v", got, want)
	}
	restored.Append(Entry{Operation: "after"})
	if got := restored.Entries(nil); got[len(got)-1].Seq != 4 {
		t.Fatalf("the next entry has seq %d, want 4", got[len(got)-1].Seq)
	}
	small := New(2)
	if err := small.Restore(b); err != nil {
		t.Fatal(err)
	}
	if got := small.Entries(nil); len(got) != 2 || got[0].Seq != 2 {
		t.Fatalf("a smaller ledger kept %+v, want the newest 2", got)
	}
	if err := New(10).Restore(nil); err != nil {
		t.Fatalf("no snapshot: %v", err)
	}
}

func TestRestoreRefusesBadSnapshots(t *testing.T) {
	for name, doc := range map[string]string{
		"not json":            `{"seq":`,
		"sequence behind":     `{"seq":1,"entries":[{"seq":2}]}`,
		"sequence not rising": `{"seq":5,"entries":[{"seq":3},{"seq":3}]}`,
	} {
		l := New(10)
		l.Append(Entry{Operation: "kept"})
		if err := l.Restore([]byte(doc)); err == nil || !strings.Contains(err.Error(), "restore ledger") {
			t.Errorf("%s: %v", name, err)
		}
		if got := l.Entries(nil); len(got) != 1 || got[0].Operation != "kept" {
			t.Errorf("%s: a refused snapshot changed the ledger: %+v", name, got)
		}
	}
}
