package groupsync

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/qbusiness"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

type dirSource Directory

func (d dirSource) Directory(context.Context) (Directory, error) { return Directory(d), nil }

type syncWorld struct {
	t   *testing.T
	sb  *sandbox.Sandbox
	q   *qbusiness.Client
	tgt Target
	rec string
}

func newSyncWorld(t *testing.T) *syncWorld {
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	app, _ := sb.Info().App("oidc")
	return &syncWorld{t: t, sb: sb, q: qbusiness.NewFromConfig(sb.AdminConfig()), tgt: Target{ApplicationID: app.ApplicationID, IndexID: app.IndexID},
		rec: filepath.Join(t.TempDir(), "state", "rec.json")}
}

func (w *syncWorld) count(op string) int {
	return w.sb.Ledger.Count(func(e ledger.Entry) bool { return e.Operation == op && e.Status == 200 })
}

// sync plans d against the index and applies the plan, as the CLI does.
func (w *syncWorld) sync(d Directory) (Plan, Counts) {
	w.t.Helper()
	ctx := context.Background()
	rec, err := LoadRecord(w.rec)
	if err != nil {
		w.t.Fatal(err)
	}
	p, err := PlanSync(ctx, dirSource(d), w.q, w.tgt, rec, time.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	waits := 0
	a := Applier{Q: w.q, Target: w.tgt, Interval: time.Second, Wait: func(context.Context, time.Duration) error { waits++; return nil }}
	c, err := a.Apply(ctx, p, rec)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := rec.Save(w.rec); err != nil {
		w.t.Fatal(err)
	}
	if calls := c.Put + c.Deleted; calls > 0 && waits != calls-1 {
		w.t.Errorf("%d calls paced by %d waits, want %d", calls, waits, calls-1)
	}
	return p, c
}

// TestSyncAgainstSandbox: a first sync puts every group (the scenario's
// own core-team too: its members are unknown to qbiz), over more than one
// ListGroups page; a second puts nothing; a changed member puts that group
// only; a group dropped from the source is deleted; a group qbiz never put
// is left alone.
func TestSyncAgainstSandbox(t *testing.T) {
	w := newSyncWorld(t)
	d := Directory{"core-team": {"mateo_jackson@example.com"}}
	for i := range 11 {
		d[fmt.Sprintf("team-%02d", i)] = []string{fmt.Sprintf("u%d@example.com", i)}
	}
	before := w.count("PutGroup") // the scenario's own groups
	_, c := w.sync(d)
	if c != (Counts{Put: 12}) || w.count("PutGroup") != before+12 {
		t.Fatalf("first sync: %+v, %d PutGroup calls; want 12 puts", c, w.count("PutGroup")-before)
	}
	lists := w.count("ListGroups")
	p, c := w.sync(d)
	if c != (Counts{Unchanged: 12}) || w.count("PutGroup") != before+12 {
		t.Fatalf("second sync: %+v, plan %+v; want nothing put", c, p)
	}
	if n := w.count("ListGroups") - lists; n != 2 {
		t.Errorf("ListGroups called %d times for 13 groups, want both pages of ten read", n)
	}
	d["team-00"] = []string{"u0@example.com", "new@example.com"}
	delete(d, "team-01")
	p, c = w.sync(d)
	if c != (Counts{Put: 1, Deleted: 1, Unchanged: 10}) {
		t.Fatalf("third sync: %+v", c)
	}
	if ch := p.Changes[1]; ch.Group != "team-00" || len(ch.Added) != 1 || ch.Added[0] != "new@example.com" || len(ch.Removed) != 0 {
		t.Errorf("team-00 change = %+v", ch)
	}
	for _, ch := range p.Changes {
		if ch.Group == "anyorg-team" {
			t.Errorf("a group qbiz never put is in the plan: %+v", ch)
		}
	}
	if n := w.count("DeleteGroup"); n != 1 {
		t.Errorf("DeleteGroup calls = %d, want 1", n)
	}
}

// A group changed behind qbiz's back (its lastUpdatedAt moved) is put
// again even though the source did not change.
func TestSyncGroupChangedElsewhere(t *testing.T) {
	w := newSyncWorld(t)
	w.sync(Directory{"team": {"b@example.com"}})
	rec, _ := LoadRecord(w.rec)
	r := rec.Groups["team"]
	r.UpdatedAt = r.UpdatedAt.Add(-time.Second)
	rec.Groups["team"] = r
	if err := rec.Save(w.rec); err != nil {
		t.Fatal(err)
	}
	p, c := w.sync(Directory{"team": {"b@example.com"}})
	if c.Put != 1 || p.Changes[0].Reason != "members in the index unknown to qbiz" {
		t.Errorf("plan %+v, counts %+v; want team put again", p, c)
	}
}

// failingSecondPut makes every attempt of the second PutGroup fail with a
// 500 (the sandbox's fault injector; the SDK makes three attempts).
type failingSecondPut struct {
	QBusiness
	sb   *sandbox.Sandbox
	puts *int
}

func (f failingSecondPut) PutGroup(ctx context.Context, in *qbusiness.PutGroupInput, opts ...func(*qbusiness.Options)) (*qbusiness.PutGroupOutput, error) {
	if *f.puts++; *f.puts == 2 {
		f.sb.Faults.Set("qbusiness", faults.Rule{FailNext: 3})
	}
	return f.QBusiness.PutGroup(ctx, in, opts...)
}

// TestSyncResumes: an apply that stops at a failed PutGroup keeps what it
// did in the record, and the next sync puts only the rest; throttling is
// absorbed by the SDK's retryer.
func TestSyncResumes(t *testing.T) {
	w := newSyncWorld(t)
	ctx := context.Background()
	d := Directory{"a": {"a@example.com"}, "b": {"b@example.com"}, "c": {"c@example.com"}}
	rec, _ := LoadRecord(w.rec)
	p, err := PlanSync(ctx, dirSource(d), w.q, w.tgt, rec, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	puts := 0
	done, err := Applier{Q: failingSecondPut{QBusiness: w.q, sb: w.sb, puts: &puts}, Target: w.tgt}.Apply(ctx, p, rec)
	if err == nil || done != (Counts{Put: 1}) || !strings.Contains(err.Error(), "put group b") {
		t.Fatalf("apply = %+v, %v; want it stopped at group b after one put", done, err)
	}
	if err := rec.Save(w.rec); err != nil {
		t.Fatal(err)
	}
	w.sb.Faults.Set("qbusiness", faults.Rule{ThrottleNext: 2})
	_, c := w.sync(d)
	if c != (Counts{Put: 2, Unchanged: 1}) {
		t.Errorf("resumed sync = %+v, want b and c put, a unchanged", c)
	}
}
