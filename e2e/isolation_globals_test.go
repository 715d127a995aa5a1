package e2e_test

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// statePackages are the packages a gateway request runs through.
var statePackages = []string{"internal/gateway", "internal/gateway/api", "internal/gateway/ui", "internal/session",
	"internal/session/redisstore", "internal/signin", "internal/qchat", "internal/awscreds", "internal/tokencache"}

// TestISO05NoSharedMutableStateInPackageVariables (ISO-05's review rule):
// no package-level variable of the packages a request runs through holds
// mutable shared state (a map, a channel, a struct, a pool, a sync.Map or
// a lock) where a request's user data could outlive the request or meet
// another's. The rule is checked to catch the soak's mutants that keep
// such state (all but the cache-header one).
func TestISO05NoSharedMutableStateInPackageVariables(t *testing.T) {
	for _, dir := range statePackages {
		for _, v := range packageState(t, dir) {
			t.Errorf("%s: package-level %s holds shared mutable state", dir, v)
		}
	}
	for _, m := range soakMutants {
		if m.tag == "mutant_novary" {
			continue
		}
		if len(packageState(t, "internal/gateway/api", m.tag)) == 0 {
			t.Errorf("the rule misses %s (%s)", m.tag, m.what)
		}
	}
}

// packageState lists the package-level variables of dir (as built with
// tags) whose type is mutable shared state.
func packageState(t *testing.T, dir string, tags ...string) []string {
	t.Helper()
	ctx := build.Default
	ctx.BuildTags = tags
	pkg, err := ctx.ImportDir(filepath.Join("..", dir), 0)
	if err != nil {
		if _, ok := err.(*build.NoGoError); ok {
			return nil
		}
		t.Fatalf("%s: %v", dir, err)
	}
	var found []string
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(pkg.Dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	written := writtenMaps(files)
	for i, f := range files {
		name := pkg.GoFiles[i]
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				if sharedState(vs) && !readOnlyTable(vs, written) {
					found = append(found, name+": "+identNames(vs))
				}
			}
		}
	}
	return found
}

// readOnlyTable: a map literal with entries that no code of the package
// writes to or deletes from (a lookup table).
func readOnlyTable(vs *ast.ValueSpec, written map[string]bool) bool {
	if len(vs.Names) != 1 || len(vs.Values) != 1 || written[vs.Names[0].Name] {
		return false
	}
	cl, ok := vs.Values[0].(*ast.CompositeLit)
	if !ok || len(cl.Elts) == 0 {
		return false
	}
	_, isMap := cl.Type.(*ast.MapType)
	return isMap
}

// writtenMaps names the identifiers some statement of files assigns an
// element of (m[k] = v) or deletes from.
func writtenMaps(files []*ast.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.AssignStmt:
				for _, l := range x.Lhs {
					if ix, ok := l.(*ast.IndexExpr); ok {
						if id, ok := ix.X.(*ast.Ident); ok {
							out[id.Name] = true
						}
					}
				}
			case *ast.CallExpr:
				if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "delete" && len(x.Args) > 0 {
					if m, ok := x.Args[0].(*ast.Ident); ok {
						out[m.Name] = true
					}
				}
			}
			return true
		})
	}
	return out
}

func identNames(vs *ast.ValueSpec) string {
	var names []string
	for _, n := range vs.Names {
		names = append(names, n.Name)
	}
	return strings.Join(names, ", ")
}

// sharedState reports a variable declared or initialised as a map, a
// channel, a struct, a pool, a sync.Map, a lock or an atomic.
func sharedState(vs *ast.ValueSpec) bool {
	if len(vs.Names) == 1 && vs.Names[0].Name == "_" {
		return false
	}
	if vs.Type != nil && mutableType(vs.Type) {
		return true
	}
	for _, v := range vs.Values {
		switch e := v.(type) {
		case *ast.CompositeLit:
			if e.Type != nil && mutableType(e.Type) {
				return true
			}
		case *ast.CallExpr:
			if id, ok := e.Fun.(*ast.Ident); ok && (id.Name == "make" || id.Name == "new") {
				return true
			}
		case *ast.UnaryExpr:
			if cl, ok := e.X.(*ast.CompositeLit); ok && cl.Type != nil && mutableType(cl.Type) {
				return true
			}
		}
	}
	return false
}

func mutableType(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.MapType, *ast.ChanType, *ast.StructType:
		return true
	case *ast.StarExpr:
		return mutableType(x.X)
	case *ast.SelectorExpr:
		if pkg, ok := x.X.(*ast.Ident); ok {
			return pkg.Name == "sync" || pkg.Name == "atomic" || (pkg.Name == "bytes" && x.Sel.Name == "Buffer")
		}
	}
	return false
}
