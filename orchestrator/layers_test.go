package orchestrator

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/sqlreview/sqlreview/"

// layers is the import order of doc.go, lowest first: a package may import
// packages of lower layers only. A package of the module that is not in
// the table (rules/..., cmd/..., internal/dburl) is checked by forbidden
// alone.
var layers = [][]string{
	{"internal/pgutil", "orchestrator/redact", "orchestrator/event", "orchestrator/signing", "orchestrator/approval"},
	{"orchestrator/migration"},
	{"orchestrator/history", "orchestrator/dblock", "orchestrator/schemadump", "orchestrator/targets"},
	{"orchestrator/plan", "orchestrator/release"},
	{"orchestrator/runner", "orchestrator/store"},
	{"orchestrator/notify"},
	{"orchestrator/rollout"},
}

// forbidden are imports no package under a prefix may have: the rules
// engine is a library the orchestrator, the language server and SARIF use,
// never the other way.
var forbidden = map[string][]string{
	"rules/": {"orchestrator", "lsp", "sarif"},
}

// TestImportLayers fails when a package imports one above it in layers,
// or a rules/ package imports orchestrator, lsp or sarif.
func TestImportLayers(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, v := range importViolations(string(out)) {
		t.Error(v)
	}
}

// importViolations checks the output of go list (one line per package: its
// path, then its imports) against layers and forbidden.
func importViolations(list string) []string {
	layerOf := map[string]int{}
	for i, ps := range layers {
		for _, p := range ps {
			layerOf[p] = i
		}
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasPrefix(fields[0], module) {
			continue
		}
		pkg := strings.TrimPrefix(fields[0], module)
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			imp = strings.TrimPrefix(imp, module)
			for prefix, bad := range forbidden {
				if !strings.HasPrefix(pkg, prefix) {
					continue
				}
				for _, b := range bad {
					if imp == b || strings.HasPrefix(imp, b+"/") {
						out = append(out, pkg+" imports "+imp+": "+prefix+" must not import "+b)
					}
				}
			}
			pl, okP := layerOf[pkg]
			il, okI := layerOf[imp]
			if okP && okI && il > pl {
				out = append(out, pkg+" imports "+imp+", a layer above it (see orchestrator/doc.go)")
			}
		}
	}
	return out
}

// The check itself: a made-up listing with one violation of each kind.
func TestImportViolationsFound(t *testing.T) {
	list := module + "rules/engine " + module + "rules/config " + module + "lsp fmt\n" +
		module + "orchestrator/migration " + module + "orchestrator/store\n" +
		module + "orchestrator/store " + module + "orchestrator/release " + module + "orchestrator/event\n" +
		module + "orchestrator/rollout " + module + "orchestrator/runner\n" +
		module + "cmd/sqlreview " + module + "orchestrator/rollout\n"
	got := strings.Join(importViolations(list), "\n")
	want := "rules/engine imports lsp: rules/ must not import lsp\n" +
		"orchestrator/migration imports orchestrator/store, a layer above it (see orchestrator/doc.go)"
	if got != want {
		t.Errorf("violations:\n%s\nwant:\n%s", got, want)
	}
}
