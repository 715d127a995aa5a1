package ledger

import (
	"context"
	"reflect"
	"strconv"
	"sync"
	"testing"
)

func TestAppendBoundedAndSequenced(t *testing.T) {
	cases := []struct {
		max, appends int
		wantSeqs     []int64
	}{
		{3, 0, []int64{}},
		{3, 2, []int64{1, 2}},
		{3, 3, []int64{1, 2, 3}},
		{3, 7, []int64{5, 6, 7}},
		{1, 4, []int64{4}},
		{0, 2, []int64{}},
	}
	for _, tc := range cases {
		l := New(tc.max)
		for k := range tc.appends {
			l.Append(Entry{Seq: 999, Operation: "Op" + strconv.Itoa(k+1)})
		}
		got := l.Entries(nil)
		seqs := make([]int64, len(got))
		for k, e := range got {
			seqs[k] = e.Seq
			if e.Operation != "Op"+strconv.FormatInt(e.Seq, 10) {
				t.Fatalf("entry %d holds %q", e.Seq, e.Operation)
			}
		}
		if !reflect.DeepEqual(seqs, tc.wantSeqs) {
			t.Errorf("max %d after %d appends: seqs %v, want %v", tc.max, tc.appends, seqs, tc.wantSeqs)
		}
	}
}

func TestEntriesFiltersAndCopies(t *testing.T) {
	l := New(100)
	l.Append(Entry{Service: "sts", Operation: "AssumeRoleWithWebIdentity", Status: 200})
	l.Append(Entry{Service: "qbusiness", Operation: "ChatSync", Identity: "mary@example.com", Status: 200})
	l.Append(Entry{Service: "qbusiness", Operation: "ChatSync", Identity: "mateo@example.com", Status: 403, Code: "AccessDeniedException"})
	cases := []struct {
		name string
		keep func(Entry) bool
		want int
	}{
		{"all", nil, 3},
		{"service", func(e Entry) bool { return e.Service == "qbusiness" }, 2},
		{"identity", func(e Entry) bool { return e.Identity == "mary@example.com" }, 1},
		{"failures", func(e Entry) bool { return e.Status >= 400 }, 1},
		{"none", func(Entry) bool { return false }, 0},
	}
	for _, tc := range cases {
		if got := l.Entries(tc.keep); len(got) != tc.want || l.Count(tc.keep) != tc.want {
			t.Errorf("%s: %d entries, count %d, want %d", tc.name, len(got), l.Count(tc.keep), tc.want)
		}
	}
	got := l.Entries(nil)
	got[0].Operation = "changed"
	if l.Entries(nil)[0].Operation != "AssumeRoleWithWebIdentity" {
		t.Fatal("Entries shares its backing array")
	}
}

func TestAppendConcurrent(t *testing.T) {
	const writers, each, max = 8, 200, 500
	l := New(max)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for range each {
				l.Append(Entry{Service: "svc" + strconv.Itoa(w)})
				_ = l.Count(func(e Entry) bool { return e.Service == "svc0" })
			}
		})
	}
	wg.Wait()
	got := l.Entries(nil)
	if len(got) != max {
		t.Fatalf("%d entries, want %d", len(got), max)
	}
	for k, e := range got {
		if want := int64(writers*each - max + k + 1); e.Seq != want {
			t.Fatalf("entry %d has seq %d, want %d (not monotonic)", k, e.Seq, want)
		}
	}
}

func TestNote(t *testing.T) {
	ctx, note := WithNote(context.Background())
	if op, d := note.Read(); op != "" || d != nil {
		t.Fatalf("fresh note %q %v", op, d)
	}
	SetOperation(ctx, "ChatSync")
	SetDetail(ctx, "usefulness", "USEFUL")
	SetDetail(ctx, "reason", "HELPFUL")
	SetDetail(ctx, "reason", "COMPLETE")
	SetOperation(ctx, "PutFeedback")
	op, d := note.Read()
	if op != "PutFeedback" || !reflect.DeepEqual(d, map[string]string{"usefulness": "USEFUL", "reason": "COMPLETE"}) {
		t.Fatalf("note %q %v", op, d)
	}
	// Without a note in the context these are no-ops, never panics.
	SetOperation(context.Background(), "X")
	SetDetail(context.Background(), "k", "v")
}

func TestNoteConcurrent(t *testing.T) {
	ctx, note := WithNote(context.Background())
	var wg sync.WaitGroup
	for k := range 8 {
		wg.Go(func() {
			SetOperation(ctx, "Op")
			SetDetail(ctx, "k"+strconv.Itoa(k), "v")
			_, _ = note.Read()
		})
	}
	wg.Wait()
	if _, d := note.Read(); len(d) != 8 {
		t.Fatalf("details %v", d)
	}
}

func TestEntriesDetailIsACopy(t *testing.T) {
	l := New(10)
	l.Append(Entry{Operation: "PutFeedback", Detail: map[string]string{"usefulness": "USEFUL"}})
	l.Entries(nil)[0].Detail["usefulness"] = "NOT_USEFUL"
	if got := l.Entries(nil)[0].Detail["usefulness"]; got != "USEFUL" {
		t.Fatalf("a caller changed the ledger: usefulness = %q", got)
	}
}
