package sandbox_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// shape is one Smithy shape of the JSON AST.
type shape struct {
	Type    string            `json:"type"`
	Members map[string]member `json:"members"`
	Member  *member           `json:"member"`
	Key     *member           `json:"key"`
	Value   *member           `json:"value"`
	Input   *target           `json:"input"`
	Output  *target           `json:"output"`
	Traits  map[string]json.RawMessage
}

type member struct {
	Target string                     `json:"target"`
	Traits map[string]json.RawMessage `json:"traits"`
}

type target struct {
	Target string `json:"target"`
}

// models holds every shape of every model, by absolute shape id.
type models struct {
	shapes map[string]shape
	// ops maps "namespace#Operation" to its shape.
	routes []route
}

// route is one restJson1 operation's HTTP binding.
type route struct {
	op      string
	method  string
	path    *regexp.Regexp
	query   []string
	literal int
}

// findModels walks up from the package directory to the directory holding
// shared/api-models.
func findModels(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if p := filepath.Join(dir, "shared", "api-models"); isDir(p) {
			return p
		}
		if p := filepath.Join(dir, "..", "shared", "api-models"); isDir(p) {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared/api-models not found next to the repository")
		}
		dir = parent
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func loadModels(t *testing.T) *models {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(findModels(t), "*.json"))
	if err != nil || len(files) == 0 {
		t.Skipf("no models: %v", err)
	}
	m := &models{shapes: map[string]shape{}}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Shapes map[string]shape `json:"shapes"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id, s := range doc.Shapes {
			m.shapes[id] = s
		}
	}
	m.buildRoutes()
	return m
}

func (m *models) buildRoutes() {
	for id, s := range m.shapes {
		raw, ok := s.Traits["smithy.api#http"]
		if s.Type != "operation" || !ok {
			continue
		}
		var h struct{ Method, URI string }
		if json.Unmarshal(raw, &h) != nil {
			continue
		}
		m.routes = append(m.routes, newRoute(id, h.Method, h.URI))
	}
}

var labelRE = regexp.MustCompile(`\{[^}]+\}`)

func newRoute(op, method, uri string) route {
	path, query, _ := strings.Cut(uri, "?")
	r := route{op: op, method: method, literal: len(labelRE.ReplaceAllString(path, ""))}
	var pat strings.Builder
	last := 0
	for _, loc := range labelRE.FindAllStringIndex(path, -1) {
		pat.WriteString(regexp.QuoteMeta(path[last:loc[0]]))
		if strings.HasSuffix(path[loc[0]:loc[1]], "+}") {
			pat.WriteString(".+")
		} else {
			pat.WriteString("[^/]+")
		}
		last = loc[1]
	}
	pat.WriteString(regexp.QuoteMeta(path[last:]))
	r.path = regexp.MustCompile("^" + pat.String() + "$")
	for _, kv := range strings.Split(query, "&") {
		if k, _, _ := strings.Cut(kv, "="); k != "" {
			r.query = append(r.query, k)
		}
	}
	return r
}

// restOperation finds the restJson1 operation a request addressed.
func (m *models) restOperation(method, path string, query map[string][]string) (string, bool) {
	best, score := "", -1
	for _, r := range m.routes {
		if r.method != method || !r.path.MatchString(path) || !hasAll(query, r.query) {
			continue
		}
		if s := r.literal + 1000*len(r.query); s > score {
			best, score = r.op, s
		}
	}
	return best, score >= 0
}

func hasAll(q map[string][]string, keys []string) bool {
	for _, k := range keys {
		if _, ok := q[k]; !ok {
			return false
		}
	}
	return true
}

// operation finds "namespace#name" among the models.
func (m *models) operation(namespace, name string) (string, bool) {
	id := namespace + "#" + name
	s, ok := m.shapes[id]
	return id, ok && s.Type == "operation"
}

func (m *models) outputOf(op string) string {
	if s := m.shapes[op]; s.Output != nil {
		return s.Output.Target
	}
	return "smithy.api#Unit"
}

func (m *models) inputOf(op string) string {
	if s := m.shapes[op]; s.Input != nil {
		return s.Input.Target
	}
	return "smithy.api#Unit"
}

// bodyMembers returns the members of a structure that travel in a
// restJson1 body (no header, label, query or status bindings).
func bodyMembers(s shape) map[string]member {
	out := map[string]member{}
	for name, mb := range s.Members {
		if hasTrait(mb, "smithy.api#httpHeader", "smithy.api#httpLabel", "smithy.api#httpQuery",
			"smithy.api#httpQueryParams", "smithy.api#httpResponseCode", "smithy.api#httpPrefixHeaders") {
			continue
		}
		out[name] = mb
	}
	return out
}

func hasTrait(mb member, names ...string) bool {
	for _, n := range names {
		if _, ok := mb.Traits[n]; ok {
			return true
		}
	}
	return false
}

func payloadMember(s shape) (member, bool) {
	for _, mb := range s.Members {
		if hasTrait(mb, "smithy.api#httpPayload") {
			return mb, true
		}
	}
	return member{}, false
}

// wireName is the member's name on the wire, honouring jsonName/xmlName.
func wireName(name string, mb member, trait string) string {
	if raw, ok := mb.Traits[trait]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil && s != "" {
			return s
		}
	}
	return name
}

func (m *models) enumValues(s shape) []string {
	var out []string
	for name, mb := range s.Members {
		v := name
		if raw, ok := mb.Traits["smithy.api#enumValue"]; ok {
			_ = json.Unmarshal(raw, &v)
		}
		out = append(out, v)
	}
	if raw, ok := s.Traits["smithy.api#enum"]; ok {
		var defs []struct{ Value string }
		_ = json.Unmarshal(raw, &defs)
		for _, d := range defs {
			out = append(out, d.Value)
		}
	}
	return out
}

// violations collects contract breaches.
type violations []string

func (v *violations) add(format string, args ...any) { *v = append(*v, fmt.Sprintf(format, args...)) }

func (v violations) sorted() []string { s := slices.Clone(v); slices.Sort(s); return slices.Compact(s) }
