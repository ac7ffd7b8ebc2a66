package catalog

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/sqlreview/sqlreview/rules/source"
)

// Every Apply in this package's tests checks the constraint-name index
// against a rebuild from the tables (see checkConIndex).
func init() { verifyConIndex = true }

// constraintAndIndexNames lists every constraint and index of the catalog.
func constraintAndIndexNames(c *Catalog) []string {
	var out []string
	for sn, s := range c.Schemas {
		for tn, t := range s.Tables {
			for _, con := range t.Constraints {
				out = append(out, "con "+sn+"."+tn+"."+con.Name+" "+string(con.Type))
			}
		}
		for in, ix := range s.Indexes {
			out = append(out, "index "+sn+"."+in+" on "+ix.Table)
		}
	}
	slices.Sort(out)
	return out
}

// TestConNameIndexMatchesScan replays the four corpus histories twice —
// choosing generated constraint and index names with the per-schema index,
// and with the old scan of every table — and requires the same names after
// every statement.
func TestConNameIndexMatchesScan(t *testing.T) {
	defer func() { scanConNames = false }()
	for _, project := range []string{"concourse", "openmeter", "ory-kratos", "trigger-dev"} {
		t.Run(project, func(t *testing.T) {
			files := parseDir(t, filepath.Join(corpusDir(t, "migrations"), project))
			indexed, scanned := New(), New()
			n := 0
			for _, f := range files {
				for i, st := range f.Statements {
					o := Origin{File: f.Path, Stmt: i}
					scanConNames = false
					indexed.Apply(st, o)
					scanConNames = true
					scanned.Apply(st, o)
					scanConNames = false
					if !isDDL(st) {
						continue
					}
					n++
					a, b := constraintAndIndexNames(indexed), constraintAndIndexNames(scanned)
					if !slices.Equal(a, b) {
						t.Fatalf("%s statement %d: names differ\nindexed: %v\nscanned: %v", f.Path, i, a, b)
					}
				}
			}
			if dump(indexed) != dump(scanned) {
				t.Fatal("final catalogs differ")
			}
			if n == 0 {
				t.Fatal("no statements replayed")
			}
		})
	}
}

func isDDL(st *source.Statement) bool { return st.Node != nil }

// TestConNameIndexClone checks that a clone has its own exact index.
func TestConNameIndexClone(t *testing.T) {
	c := replay(t, `CREATE TABLE a (id int PRIMARY KEY, v int CHECK (v > 0));`)
	s := c.Schemas["public"]
	if !conNameTaken(s, "a_pkey") || !conNameTaken(s, "a_v_check") {
		t.Fatal("index misses a's constraints")
	}
	cp := c.Clone()
	cp.Apply(source.ParseText("x.sql", `CREATE TABLE a2 (v int CHECK (v > 0), CONSTRAINT a_v_check1 CHECK (v < 9), CHECK (v <> 5));`).Statements[0], Origin{})
	if got := cp.Table("", "a2").Constraints[2].Name; got != "a2_v_check1" {
		t.Fatalf("clone chose %q", got)
	}
	cp.Apply(source.ParseText("x.sql", `DROP TABLE a;`).Statements[0], Origin{})
	if conNameTaken(cp.Schemas["public"], "a_pkey") || !conNameTaken(s, "a_pkey") {
		t.Fatal("clone and original share an index")
	}
	cp.checkConIndex()
	c.checkConIndex()
}
