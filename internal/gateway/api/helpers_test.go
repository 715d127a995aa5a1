package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/qbiz/qbiz/internal/gateway/api"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/session"
)

// Ids of the shape Q Business gives.
const (
	newConvID   = "c0000000-0000-4000-8000-000000000001"
	marysConv   = "c0000000-0000-4000-8000-0000000000aa"
	mateosConv  = "c0000000-0000-4000-8000-0000000000bb"
	unknownConv = "c0000000-0000-4000-8000-0000000000ff"
	sysMsgID    = "m0000000-0000-4000-8000-000000000002"
	userMsgID   = "m0000000-0000-4000-8000-000000000003"
)

var clock = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

// env is the API over a fake Q Business and a real memory store.
type env struct {
	q      *fakeQ
	owners *session.Memory
	h      http.Handler
	logs   *syncBuffer
	reg    *prometheus.Registry
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{q: &fakeQ{}, owners: session.NewMemoryStore(func() time.Time { return clock }), logs: &syncBuffer{}, reg: prometheus.NewRegistry()}
	log := slog.New(logging.NewRedactingHandler(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	e.h = api.New(api.Options{Q: e.q, Owners: e.owners, Logger: log, Metrics: e.reg, Now: func() time.Time { return clock }})
	return e
}

// person is a signed-in user of the corp IdP.
func person(name string) *api.User {
	id := identity.Identity{Issuer: "https://idp.example.com", Subject: "sub-" + name, Email: name + "@example.com", Name: name}
	return &api.User{Identity: id, Owner: session.Owner(id), IdP: "corp", Mode: identity.ModeOIDC, Expires: clock.Add(8 * time.Hour),
		ApplicationID: "a0000000-0000-4000-8000-000000000001",
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider("ASIA"+strings.ToUpper(name),
			"secret-key-of-"+name, "session-token-of-"+name))}
}

var (
	mary  = person("mary")
	mateo = person("mateo")
)

// file puts conversation id under u in the store, as an earlier request would.
func (e *env) file(t testing.TB, id string, u *api.User) {
	t.Helper()
	if err := e.owners.SetOwner(context.Background(), id, u.Owner, time.Hour); err != nil {
		t.Fatal(err)
	}
}

func (e *env) do(u *api.User, method, path, body string) *httptest.ResponseRecorder {
	return e.doCtx(context.Background(), u, method, path, body)
}

func (e *env) doCtx(ctx context.Context, u *api.User, method, path, body string) *httptest.ResponseRecorder {
	ctx = logging.WithRequestID(ctx, "req-0001")
	if u != nil {
		ctx = api.WithUser(ctx, u)
	}
	r := httptest.NewRequestWithContext(ctx, method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// wantJSON checks a JSON response's status and content type and decodes it.
func wantJSON(t *testing.T, w *httptest.ResponseRecorder, status int) map[string]any {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("body %q: %v", w.Body, err)
	}
	return out
}

// frame is one server-sent event.
type frame struct{ event, data string }

// parseSSE reads an event stream as a browser's EventSource does: lines end
// at CRLF, LF or CR; data lines of one event are joined with LF; a blank
// line dispatches it.
func parseSSE(body string) []frame {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	var out []frame
	var cur frame
	var data []string
	for _, line := range strings.Split(body, "\n") {
		switch {
		case line == "":
			if data != nil {
				cur.data = strings.Join(data, "\n")
				out = append(out, cur)
			}
			cur, data = frame{}, nil
		case strings.HasPrefix(line, ":"):
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				cur.event = value
			case "data":
				data = append(data, value)
			}
		}
	}
	return out
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// metricValue is the value of the counter series name whose one label has
// value label (label "": the series without labels; a histogram's count).
func metricValue(t *testing.T, e *env, name, label string) float64 {
	t.Helper()
	mfs, err := e.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if label == "" && len(m.GetLabel()) == 0 && m.GetHistogram() != nil {
				return float64(m.GetHistogram().GetSampleCount())
			}
			if label == "" && len(m.GetLabel()) == 0 || len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == label {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}
