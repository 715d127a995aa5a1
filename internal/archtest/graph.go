package archtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Package is one node of the import graph.
type Package struct {
	Path     string   // import path
	Rel      string   // path inside the main module ("." for its root); "" when not ours
	Standard bool     // part of the standard library
	Imports  []string // import paths imported directly by its non-test files
}

// Ours reports whether the package belongs to the main module.
func (p *Package) Ours() bool { return p.Rel != "" }

// Name is how the package is shown in a chain: its path inside the main
// module when it is ours, its import path otherwise.
func (p *Package) Name() string {
	if p.Ours() {
		return p.Rel
	}
	return p.Path
}

// Graph is the import graph of a module's packages and all they depend on.
type Graph struct {
	Packages map[string]*Package // by import path
}

// listFormat prints, per package: import path, standard, main module path
// (empty when the package is not in the main module), direct imports.
const listFormat = `{{.ImportPath}}	{{.Standard}}	{{if .Module}}{{if .Module.Main}}{{.Module.Path}}{{end}}{{end}}	{{join .Imports " "}}`

// Load runs one `go list -deps` over every package of the module in dir.
func Load(dir string) (*Graph, error) {
	cmd := exec.Command("go", "list", "-deps", "-f", listFormat, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list in %s: %w: %s", dir, err, stderr.Bytes())
	}
	return parse(string(out))
}

func parse(out string) (*Graph, error) {
	g := &Graph{Packages: map[string]*Package{}}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("go list: unexpected line %q", line)
		}
		p := &Package{Path: f[0], Standard: f[1] == "true", Rel: rel(f[0], f[2]), Imports: strings.Fields(f[3])}
		g.Packages[p.Path] = p
	}
	return g, nil
}

func rel(path, module string) string {
	switch {
	case module == "":
		return ""
	case path == module:
		return "."
	default:
		return strings.TrimPrefix(path, module+"/")
	}
}
