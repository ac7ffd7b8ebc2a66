package catalog

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/source"
)

// Every Column lookup in this package's tests goes through the column
// index, and checks its answer against a scan; every Apply checks every
// built index against a rebuild (see checkColIndexes).
func init() { colIndexMin = 0 }

func applySQL(t *testing.T, c *Catalog, sql string) {
	t.Helper()
	for i, st := range source.ParseText("x.sql", sql).Statements {
		c.Apply(st, Origin{File: "x.sql", Stmt: i})
	}
}

func TestColIndexMaintained(t *testing.T) {
	var b strings.Builder
	b.WriteString("CREATE TABLE w (id int PRIMARY KEY);\n")
	for i := range 40 {
		fmt.Fprintf(&b, "ALTER TABLE w ADD COLUMN c%d int;\n", i)
	}
	c := replay(t, b.String())
	w := c.Table("", "w")
	if w.Column("c39") == nil || w.Column("nope") != nil {
		t.Fatal("lookup after adds")
	}
	applySQL(t, c, `ALTER TABLE w DROP COLUMN c5;
ALTER TABLE w RENAME COLUMN c6 TO c5;
ALTER TABLE w RENAME COLUMN c7 TO c6;
ALTER TABLE w ADD COLUMN c7 text;
ALTER TABLE w DROP COLUMN c0;`)
	if w.Column("c0") != nil || w.Column("c5") == nil || w.Column("c7").Type != "text" {
		t.Fatal("lookup after drop/rename/add")
	}
	if w.colIdx == nil {
		t.Fatal("index not built")
	}
	c.checkColIndexes()

	cp := c.Clone()
	cw := cp.Table("", "w")
	if cw.colIdx == nil || cw.colIdx == w.colIdx || cw.Column("c5") == w.Column("c5") {
		t.Fatal("clone shares the index or its columns")
	}
	applySQL(t, cp, `ALTER TABLE w RENAME COLUMN c5 TO renamed;`)
	if w.Column("renamed") != nil || cw.Column("renamed") == nil || w.Column("c5") == nil {
		t.Fatal("clone and original not independent")
	}
	cp.checkColIndexes()
	c.checkColIndexes()

	// CREATE OR REPLACE VIEW swaps the column list for one of the same length.
	applySQL(t, c, `CREATE VIEW v AS SELECT 1 AS a, 2 AS b;
SELECT 1;
CREATE OR REPLACE VIEW v AS SELECT 1 AS x, 2 AS y;`)
	v := c.Table("", "v")
	if v.Column("x") == nil || v.Column("a") != nil {
		t.Fatal("view lookup after OR REPLACE")
	}
}

// TestColIndexHandBuilt checks tables built and changed outside the
// package (by hand, or by livedb) get a correct index lazily.
func TestColIndexHandBuilt(t *testing.T) {
	tb := &Table{Name: "h"}
	for i := range 20 {
		tb.Columns = append(tb.Columns, &Column{Name: fmt.Sprintf("c%d", i)})
	}
	if tb.Column("c3") == nil || tb.Column("c30") != nil {
		t.Fatal("lazy build")
	}
	tb.Columns = append(tb.Columns, &Column{Name: "late"})
	if tb.Column("late") == nil {
		t.Fatal("append outside the package")
	}
	tb.Columns[0].Name = "first"
	tb.ColumnsChanged()
	if tb.Column("first") == nil || tb.Column("c0") != nil {
		t.Fatal("rename outside the package")
	}
	tb.Columns[1].Name = "second" // without ColumnsChanged: caught on the hit
	if tb.Column("c1") != nil {
		t.Fatal("stale hit after rename outside the package")
	}
	tb.Columns[1].Name = "c1"
	tb.ColumnsChanged()
	// Duplicates: the first one wins, as with a scan.
	dup := &Column{Name: "c1"}
	tb.Columns = append(tb.Columns, dup)
	if tb.Column("c1") == dup {
		t.Fatal("duplicate shadows the first column")
	}
}
