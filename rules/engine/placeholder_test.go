package engine

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/source"
)

// needsDefinitions lists the rules whose Doc.Bad finding is about the shape
// of an object created in the example itself, so removing its CREATE takes
// away the fact the finding is made of. Every other rule must report the same
// findings when the objects are only known as "existing, shape unknown".
var needsDefinitions = map[string]string{
	"merge-alter-table":                           "reports an ALTER TABLE to merge into the CREATE TABLE of the same file",
	"index-total-number-limit":                    "counts the indexes the CREATE statements defined",
	"where-disallow-functions-on-indexed-columns": "needs the index definitions to know a column is indexed",
	"require-primary-key":                         "needs the key's columns and constraint name to know a DROP removes it",
	"primary-key-type-allowlist":                  "needs the types of the key's columns",
	"primary-key-naming-convention":               "needs to know a renamed constraint or index is the primary key, and its columns",
	"unique-key-naming-convention":                "needs to know a renamed constraint is a unique key, and its columns",
	"index-naming-convention":                     "needs the columns of a renamed index to build the expected name",
	"if-not-exists-keeps-other-definition":        "compares the written definition with the one the CREATE gave",
}

// setupChangesMeaning lists fixtures whose setup is what the file's own
// statements depend on to be no-ops, so without it they create the object,
// or whose setup is the fact the finding is made of.
var setupChangesMeaning = map[string]string{
	"require-lock-timeout/replace_view.sql":                     "without the setup, CREATE OR REPLACE VIEW creates the view, and a new view locks nothing anyone waits on",
	"renaming-object/basic.sql":                                 "the setup makes the renamed index a constraint's; renaming a plain index is not reported (queries never name it)",
	"renaming-object/index.sql":                                 "the setup makes the renamed index a constraint's; renaming a plain index is not reported (queries never name it)",
	"require-concurrent-index-creation/if_not_exists.sql":       "without the setup, CREATE TABLE IF NOT EXISTS creates the table, so its index builds are on a new, empty table",
	"require-concurrent-index-creation/alter_unknown_index.sql": "without the setup, CREATE TABLE IF NOT EXISTS creates the table, so its index builds are on a new, empty table",
	"ban-drop-table/unknown.sql":                                "without the setup, the dropped table is only known as the later temporary table of its name",
}

// TestUnknownObjectsNeverHideFindings runs every rule's Doc.Bad once as
// written and once with its CREATE statements blanked (same offsets), so the
// objects they defined are only known as existing objects of unknown shape,
// as in a pull request against a long history. A CREATE statement that is
// itself reported stays. The findings must be the same (rule and range),
// except for the rules in needsDefinitions.
func TestUnknownObjectsNeverHideFindings(t *testing.T) {
	for _, r := range all.Rules() {
		if (r.Check == nil && r.AtEnd == nil) || r.Doc.Bad == "" {
			continue
		}
		c := &fixCase{cfg: ruleOnly(r), text: r.Doc.Bad}
		before := c.lint(t, r.Doc.Bad)
		blanked, removed := blankCreates(r.Doc.Bad, before)
		if removed == 0 {
			continue
		}
		after := c.lint(t, blanked)
		got, want := findingRanges(after, r.Name), findingRanges(before, r.Name)
		if got == want {
			if why, ok := needsDefinitions[r.Name]; ok {
				t.Errorf("%s: listed as needing its CREATEs (%s) but reports the same without them; remove it from needsDefinitions", r.Name, why)
			}
			continue
		}
		if _, ok := needsDefinitions[r.Name]; ok {
			continue
		}
		t.Errorf("%s: without its %d CREATE statements Doc.Bad reports\n%s\ninstead of\n%s\nSQL:\n%s", r.Name, removed, got, want, blanked)
	}
}

// blankCreates replaces by spaces every CREATE statement that no finding
// points into.
func blankCreates(text string, findings []Finding) (string, int) {
	f := source.ParseText("bad.sql", text)
	b := []byte(text)
	n := 0
	for _, st := range f.Statements {
		end := st.End
		if st.Semi >= 0 {
			end = st.Semi + 1
		}
		if st.Node == nil || !isCreate(st.Node) || reportsInside(findings, st.Start, end) {
			continue
		}
		for k := st.Start; k < end; k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
		n++
	}
	return string(b), n
}

func reportsInside(findings []Finding, start, end int) bool {
	for _, f := range findings {
		if f.StartOffset >= start && f.StartOffset < end {
			return true
		}
	}
	return false
}

func isCreate(n *pg_query.Node) bool {
	switch n.GetNode().(type) {
	case *pg_query.Node_CreateStmt, *pg_query.Node_IndexStmt, *pg_query.Node_CreateTableAsStmt,
		*pg_query.Node_ViewStmt, *pg_query.Node_CreateSeqStmt, *pg_query.Node_CreateEnumStmt,
		*pg_query.Node_CreateDomainStmt, *pg_query.Node_CompositeTypeStmt, *pg_query.Node_CreateSchemaStmt,
		*pg_query.Node_CreateFunctionStmt, *pg_query.Node_CreateTrigStmt, *pg_query.Node_CreateForeignTableStmt:
		return true
	}
	return false
}

func findingRanges(fs []Finding, rule string) string {
	var lines []string
	for _, f := range fs {
		if f.Rule.Name == rule {
			lines = append(lines, fmt.Sprintf("  %d:%d-%d:%d", f.Start.Line, f.Start.Column, f.End.Line, f.End.Column))
		}
	}
	return strings.Join(lines, "\n")
}

// TestUnknownSetupNeverHidesFindings lints every fixture that has an
// "existing above" setup once with the setup replayed and once without it:
// the objects are then known only from the statements that touch them. A
// missing definition may add findings or make them less specific, never
// remove one, except for the rules in needsDefinitions.
func TestUnknownSetupNeverHidesFindings(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "rules")
	for _, r := range all.Rules() {
		if _, ok := needsDefinitions[r.Name]; ok {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(root, r.Name, "*.sql"))
		for _, path := range files {
			if _, ok := setupChangesMeaning[r.Name+"/"+filepath.Base(path)]; ok {
				continue
			}
			c := fixCaseFromFixture(t, r, path)
			if c.setup == "" {
				continue
			}
			with := c.lint(t, c.text)
			c.setup = ""
			without := c.lint(t, c.text)
			for _, line := range strings.Split(findingRanges(with, r.Name), "\n") {
				if line != "" && !strings.Contains(findingRanges(without, r.Name)+"\n", line+"\n") {
					t.Errorf("%s: without its setup the finding at%s is gone", path, line)
				}
			}
		}
	}
}
