package keep

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

func finding(path string, line int, sev rules.Severity) engine.Finding {
	return engine.Finding{Path: path, Severity: sev, Start: source.Position{Line: line, Column: 1}}
}

func names(fs []engine.Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, fmt.Sprintf("%s:%d:%s", f.Path, f.Start.Line, f.Severity))
	}
	return strings.Join(s, " ")
}

func TestFirstBySeverityKeepsReportOrder(t *testing.T) {
	fs := []engine.Finding{
		finding("a.sql", 1, rules.Info), finding("a.sql", 2, rules.Error), finding("a.sql", 3, rules.Warning),
		finding("b.sql", 1, rules.Error), finding("b.sql", 2, rules.Warning), finding("b.sql", 3, rules.Info),
	}
	kept, left := First(fs, 3, nil)
	if got, want := names(kept), "a.sql:2:error a.sql:3:warning b.sql:1:error"; got != want {
		t.Errorf("kept %s, want %s", got, want)
	}
	if got, want := names(left), "a.sql:1:info b.sql:2:warning b.sql:3:info"; got != want {
		t.Errorf("left %s, want %s", got, want)
	}
	if kept, left := First(fs, 10, nil); len(kept) != 6 || len(left) != 0 {
		t.Errorf("under the cap: kept %d, left %d", len(kept), len(left))
	}
	if kept, left := First(fs, -1, nil); len(kept) != 0 || len(left) != 6 {
		t.Errorf("negative cap: kept %d, left %d", len(kept), len(left))
	}
}

// TestThen: a caller's priority (here: file b.sql first, as a pull
// request's changed file would be) comes before severity.
func TestThen(t *testing.T) {
	fs := []engine.Finding{
		finding("a.sql", 1, rules.Error), finding("b.sql", 1, rules.Info), finding("b.sql", 2, rules.Warning),
		finding("a.sql", 2, rules.Error),
	}
	inB := func(a, b *engine.Finding) bool { return a.Path == "b.sql" && b.Path != "b.sql" }
	order := Then(inB, BySeverity)
	kept, _ := First(fs, 3, order)
	if got, want := names(kept), "a.sql:1:error b.sql:1:info b.sql:2:warning"; got != want {
		t.Errorf("kept %s, want %s", got, want)
	}
	if got, want := names(Sorted(fs, order)), "b.sql:2:warning b.sql:1:info a.sql:1:error a.sql:2:error"; got != want {
		t.Errorf("sorted %s, want %s", got, want)
	}
}

// TestMarkGroups: each group keeps its own budget, by order within it; an
// index in no group is never kept.
func TestMarkGroups(t *testing.T) {
	fs := []engine.Finding{
		finding("a.sql", 1, rules.Error), finding("a.sql", 2, rules.Warning), finding("b.sql", 1, rules.Error),
		finding("b.sql", 2, rules.Warning), finding("c.sql", 1, rules.Info),
	}
	chosen := MarkGroups(fs, [][]int{{0, 2}, {1, 3}}, []int{1, 2}, ChangedFirst(map[string]bool{}))
	var kept []engine.Finding
	for i, c := range chosen {
		if c {
			kept = append(kept, fs[i])
		}
	}
	if got, want := names(kept), "a.sql:1:error a.sql:2:warning b.sql:2:warning"; got != want {
		t.Errorf("kept %s, want %s", got, want)
	}
}
