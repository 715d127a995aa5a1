package gateway

import (
	"net/http"
	"path"
	"strings"
)

// access says who may reach a route.
type access int

const (
	public  access = iota // no session needed (sign-in, probes, assets)
	browser               // a session if there is one (the home page)
	private               // a valid session, else 401
)

// route is one entry of the allow-list: an exact path (or, for the API
// and the static assets, everything under a prefix that the mounted
// handler then matches exactly), its methods and who may reach it.
type route struct {
	name    string // the metrics label
	prefix  bool
	methods []string
	access  access
	handler http.Handler
}

// routeTable matches a request to the allow-list. Only a path that is
// already clean (no "//", ".", ".." or escaped characters) is looked up,
// case-sensitively: /API/chat, //api/chat, /healthz/../api/chat and
// /api/chat%2f match nothing (WEB-10).
type routeTable struct {
	exact  map[string]*route
	prefix map[string]*route // key ends in "/"
}

func newRouteTable() *routeTable {
	return &routeTable{exact: map[string]*route{}, prefix: map[string]*route{}}
}

func (t *routeTable) add(p string, r *route) {
	if r.prefix {
		t.prefix[p] = r
		return
	}
	t.exact[p] = r
}

// lookup returns the route of r's path, or nil.
func (t *routeTable) lookup(r *http.Request) *route {
	p := r.URL.Path
	if !canonicalPath(r) {
		return nil
	}
	if rt, ok := t.exact[p]; ok {
		return rt
	}
	for pre, rt := range t.prefix {
		if strings.HasPrefix(p, pre) && len(p) > len(pre) {
			return rt
		}
	}
	return nil
}

// canonicalPath reports whether the request path is absolute, clean and
// carries no percent-encoding at all, so the path matched is the path
// every later layer sees.
func canonicalPath(r *http.Request) bool {
	p := r.URL.Path
	if r.URL.RawPath != "" || p == "" || p[0] != '/' || strings.ContainsAny(p, "\\%\x00") {
		return false
	}
	if r.URL.Opaque != "" || (r.RequestURI != "" && !strings.HasPrefix(r.RequestURI, "/")) {
		return false
	}
	return path.Clean(p) == p
}

// allows reports whether the route serves method.
func (rt *route) allows(method string) bool {
	for _, m := range rt.methods {
		if m == method || (m == http.MethodGet && method == http.MethodHead) {
			return true
		}
	}
	return false
}
