package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/qbiz/qbiz/internal/qchat"
)

// Owners files conversation ids under their owner (the session store's
// subset the API uses). Owner returns session.ErrNotFound for an id never
// filed.
type Owners interface {
	SetOwner(ctx context.Context, conversationID, owner string, ttl time.Duration) error
	Owner(ctx context.Context, conversationID string) (string, error)
}

// Options are the API's dependencies.
type Options struct {
	Q       qchat.API // ONE shared qbusiness client; credentials go per operation
	Owners  Owners
	Logger  *slog.Logger
	Metrics prometheus.Registerer // may be nil
	Now     func() time.Time
}

// ownerTTL is how long a conversation stays filed under its owner after
// the API last learnt it.
const ownerTTL = 30 * 24 * time.Hour

// api serves the routes. It holds only what every request shares: no
// user's state lives here.
type api struct {
	q       qchat.API
	owners  Owners
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics
	exact   map[string]methods // path → its methods
	byID    methods            // /api/conversations/{id}
}

// New returns the handler of exactly the /api/* routes.
func New(o Options) http.Handler {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	a := &api{q: o.Q, owners: o.Owners, log: o.Logger, now: o.Now, metrics: newMetrics(o.Metrics, o.Logger)}
	a.exact = map[string]methods{
		"/api/chat":          {http.MethodPost: a.chat},
		"/api/conversations": {http.MethodGet: a.conversations},
		"/api/feedback":      {http.MethodPost: a.feedback},
		"/api/me":            {http.MethodGet: a.me},
	}
	a.byID = methods{http.MethodGet: a.conversation, http.MethodDelete: a.deleteConversation}
	return cachePolicy(a)
}

// handlerFunc serves one route for the signed-in user.
type handlerFunc func(rw *response, r *http.Request, u *User) error

// methods maps the methods of one route to their handlers.
type methods map[string]handlerFunc

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := &response{w: w}
	ms, id := a.route(r.URL.Path)
	if ms == nil {
		a.render(rw, r, errNoRoute)
		return
	}
	h, ok := ms[r.Method]
	if !ok && r.Method == http.MethodHead {
		h, ok = ms[http.MethodGet]
	}
	if !ok {
		w.Header().Set("Allow", ms.allow())
		a.render(rw, r, errMethod)
		return
	}
	u, ok := UserFrom(r.Context())
	if !ok || !u.usable() {
		a.render(rw, r, errSignedOut)
		return
	}
	if id != "" {
		r.SetPathValue("id", id)
	}
	if err := h(rw, r, u); err != nil {
		a.render(rw, r, err)
	}
}

// route matches the exact routes of the API; {id} is one path segment.
func (a *api) route(path string) (methods, string) {
	if ms, ok := a.exact[path]; ok {
		return ms, ""
	}
	id, ok := strings.CutPrefix(path, "/api/conversations/")
	if !ok || id == "" || strings.Contains(id, "/") {
		return nil, ""
	}
	return a.byID, id
}

func (ms methods) allow() string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		if _, ok := ms[m]; ok {
			out = append(out, m)
		}
	}
	return strings.Join(out, ", ")
}

// client is a qchat client that signs every call as u. It is built per
// request: it holds the user's provider and nothing else of anyone's.
func (a *api) client(u *User) *qchat.Client {
	return qchat.New(a.q, u.ApplicationID, userCredentials(u), qchat.Options{Logger: a.log, Now: a.now, Notify: ignore})
}

func ignore(string) {}
