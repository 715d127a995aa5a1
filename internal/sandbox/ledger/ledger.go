// Package ledger records which identity signed which request, so isolation
// tests can prove that no call was made with the wrong credentials.
package ledger

import (
	"context"
	"maps"
	"sync"
	"time"
)

// Entry is one recorded AWS request.
type Entry struct {
	Seq         int64     `json:"seq"`
	Time        time.Time `json:"time"`
	Service     string    `json:"service"`
	Operation   string    `json:"operation"`
	AccessKeyID string    `json:"access_key_id,omitempty"`
	CallerARN   string    `json:"caller_arn,omitempty"`
	// Identity is the end user the credentials carry (Email tag or IDC user), if any.
	Identity string `json:"identity,omitempty"`
	// Principal is who the request acted as: for a call that issues a
	// session (AssumeRole*), the new session; otherwise the signing caller.
	Principal *Principal `json:"principal,omitempty"`
	Status    int        `json:"status"`
	Code      string     `json:"code,omitempty"`
	// Detail holds operation facts worth asserting on (e.g. feedback usefulness).
	Detail map[string]string `json:"detail,omitempty"`
}

// Ledger is an append-only, bounded list of entries.
type Ledger struct {
	mu      sync.Mutex
	seq     int64
	entries []Entry
	max     int
}

// New returns a ledger keeping at most max entries (oldest dropped).
func New(max int) *Ledger { return &Ledger{max: max} }

// Append adds e, assigning its sequence number.
func (l *Ledger) Append(e Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	l.entries = append(l.entries, e)
	if len(l.entries) > l.max {
		l.entries = l.entries[len(l.entries)-l.max:]
	}
}

// Entries returns a copy of the entries, optionally filtered.
func (l *Ledger) Entries(keep func(Entry) bool) []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Entry, 0, len(l.entries))
	for _, e := range l.entries {
		if keep == nil || keep(e) {
			e.Detail = maps.Clone(e.Detail)
			if e.Principal != nil {
				p := *e.Principal
				e.Principal = &p
			}
			out = append(out, e)
		}
	}
	return out
}

// Count returns how many entries match.
func (l *Ledger) Count(keep func(Entry) bool) int { return len(l.Entries(keep)) }

type noteKey struct{}

// Note is the in-flight entry a handler fills in (operation name, details).
type Note struct {
	mu        sync.Mutex
	operation string
	code      string
	detail    map[string]string
	principal *Principal
}

// WithNote attaches a fresh Note to ctx.
func WithNote(ctx context.Context) (context.Context, *Note) {
	n := &Note{}
	return context.WithValue(ctx, noteKey{}, n), n
}

// SetOperation names the operation being served.
func SetOperation(ctx context.Context, op string) {
	if n, ok := ctx.Value(noteKey{}).(*Note); ok {
		n.mu.Lock()
		n.operation = op
		n.mu.Unlock()
	}
}

// SetDetail records a fact about the request.
func SetDetail(ctx context.Context, key, value string) {
	if n, ok := ctx.Value(noteKey{}).(*Note); ok {
		n.mu.Lock()
		if n.detail == nil {
			n.detail = map[string]string{}
		}
		n.detail[key] = value
		n.mu.Unlock()
	}
}

// SetCode records the error code the response carries, whatever the
// protocol puts it in (awsQuery errors have it only in the XML body).
func SetCode(ctx context.Context, code string) {
	if n, ok := ctx.Value(noteKey{}).(*Note); ok {
		n.mu.Lock()
		n.code = code
		n.mu.Unlock()
	}
}

// Code returns the recorded error code, if any.
func (n *Note) Code() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.code
}

// Read returns what handlers noted.
func (n *Note) Read() (string, map[string]string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.operation, n.detail
}
