package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
)

// TestSchemaFreeSplitChangesNothing: running the rules marked SchemaFree
// in the parse workers, without a catalog, gives exactly the findings of
// running every rule in the catalog replay, over pg-regress and the four
// migration histories with every rule on. A rule marked SchemaFree that
// reads the catalog would panic on the nil catalog (an internal-error
// finding) or find something else.
func TestSchemaFreeSplitChangesNothing(t *testing.T) {
	free := 0
	for _, r := range all.Rules() {
		if r.SchemaFree {
			free++
		}
	}
	if free < 30 {
		t.Fatalf("only %d rules are schema-free", free)
	}
	root := corpusDir(t, "migrations")
	paths := []string{corpusDir(t, "pg-regress"), filepath.Join(root, "concourse"), filepath.Join(root, "openmeter"),
		filepath.Join(root, "ory-kratos"), filepath.Join(root, "trigger-dev")}
	cfgPath := filepath.Join(t.TempDir(), ".sqlreview.yaml")
	if err := os.WriteFile(cfgPath, []byte("rules:\n  default: all\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(mode int) []string {
		schemaFreeMode = mode
		defer func() { schemaFreeMode = declaredSchemaFree }()
		res, err := Check(paths, Options{ConfigPath: cfgPath})
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(res.Findings))
		for i, f := range res.Findings {
			out[i] = fmt.Sprintf("%s:%d-%d %s %s %s", f.Path, f.StartOffset, f.EndOffset, f.Rule.Name, f.Fingerprint, f.Message)
		}
		return out
	}
	want, got := run(noRuleSchemaFree), run(declaredSchemaFree)
	if len(want) < 50000 {
		t.Fatalf("only %d findings with every rule on", len(want))
	}
	for i := 0; i < len(want) || i < len(got); i++ {
		w, g := "(none)", "(none)"
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			t.Fatalf("finding %d differs when schema-free rules run apart:\nall in the replay: %s\nsplit:             %s", i, w, g)
		}
	}
}

// TestSplitReplayChangesNothing: Lint's split of the catalog rules between
// two replays (lintSplit, for long files) gives exactly the findings, fixes
// and final catalog of one replay running them all, file after file over
// pg-regress and the four migration histories with every rule on.
func TestSplitReplayChangesNothing(t *testing.T) {
	l, err := NewLinter(allRulesConfig(), Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	root := corpusDir(t, "migrations")
	describe := func(fs []Finding) []string {
		out := make([]string, len(fs))
		for i, f := range fs {
			out[i] = fmt.Sprintf("%d-%d %s %s %s fix=%v", f.StartOffset, f.EndOffset, f.Rule.Name, f.Fingerprint, f.Message, f.Fix)
		}
		return out
	}
	files := 0
	for _, dir := range []string{corpusDir(t, "pg-regress"), filepath.Join(root, "concourse"), filepath.Join(root, "openmeter"),
		filepath.Join(root, "ory-kratos"), filepath.Join(root, "trigger-dev")} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
		cat := catalog.New()
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f := source.Parse(path, data)
			if f.Problem != nil {
				continue
			}
			files++
			seqCat, splitCat := cat.Clone(), cat.Clone()
			active := l.active(path)
			want := describe(l.replayed(f, seqCat, path, active, nil, l.lintSchemaFree(f, active, nil)).finish())
			got := describe(l.lintSplit(f, splitCat, path, active))
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("%s: the split replay found something else:\none replay: %d findings\nsplit:      %d findings\nfirst of one replay: %.300v\nfirst of split:      %.300v",
					path, len(want), len(got), want, got)
			}
			// Compared by their exported content: which lookup indexes the
			// catalogs built lazily depends on which rules read them.
			seqJSON, err1 := json.Marshal(seqCat)
			splitJSON, err2 := json.Marshal(splitCat)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if !bytes.Equal(seqJSON, splitJSON) {
				t.Fatalf("%s: the catalog after the split replay differs", path)
			}
			cat = seqCat
		}
	}
	if files < 1500 {
		t.Fatalf("only %d files compared", files)
	}
}
