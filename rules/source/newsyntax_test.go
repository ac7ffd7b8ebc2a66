package source

import (
	"fmt"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// at returns the byte offset of the n-th (1-based) occurrence of sub in text.
func at(t *testing.T, text, sub string, n int) int {
	t.Helper()
	off := -1
	for ; n > 0; n-- {
		i := strings.Index(text[off+1:], sub)
		if i < 0 {
			t.Fatalf("%q: occurrence %d of %q not found", text, n, sub)
		}
		off += 1 + i
	}
	return off
}

// parseOne parses text and returns its only statement, which must parse.
func parseOne(t *testing.T, text string) *Statement {
	t.Helper()
	f := ParseText("t.sql", text)
	if len(f.Statements) != 1 {
		t.Fatalf("%q: %d statements", text, len(f.Statements))
	}
	s := f.Statements[0]
	if s.Err != nil {
		t.Fatalf("%q: %s at %d", text, s.Err.Message, s.Err.Offset)
	}
	return s
}

// tableConstraints returns the table-level constraints of s's tree.
func tableConstraints(s *Statement) []*pg_query.Constraint {
	var out []*pg_query.Constraint
	forTableConstraints(s.Node, func(n *pg_query.Node) {
		if c := n.GetConstraint(); c != nil {
			out = append(out, c)
		}
	})
	return out
}

func wantNotNull(t *testing.T, s *Statement, con *pg_query.Constraint, name, col string, loc int, notValid bool) {
	t.Helper()
	if con.Contype != pg_query.ConstrType_CONSTR_NOTNULL || con.Conname != name || con.RawExpr != nil ||
		len(con.Keys) != 1 || con.Keys[0].GetString_().GetSval() != col || con.SkipValidation != notValid {
		t.Errorf("constraint = %v; want NOT NULL %q on %q (not valid: %v)", con, name, col, notValid)
	}
	if got := s.Abs(con.Location); got != loc {
		t.Errorf("constraint %q at %d, want %d", name, got, loc)
	}
}

func TestNotNullConstraintAlterTable(t *testing.T) {
	text := "ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a NOT VALID, ADD COLUMN b int DEFAULT 42;"
	s := parseOne(t, text)
	cons := tableConstraints(s)
	if len(cons) != 1 {
		t.Fatalf("%d table constraints", len(cons))
	}
	wantNotNull(t, s, cons[0], "t_a_nn", "a", at(t, text, "CONSTRAINT", 1), true)
	// Nodes after the rewritten span keep their exact file offsets.
	cd := s.Node.GetAlterTableStmt().Cmds[1].GetAlterTableCmd().Def.GetColumnDef()
	if got, want := s.Abs(cd.Location), at(t, text, "b int", 1); got != want {
		t.Errorf("column b at %d, want %d", got, want)
	}
	if got, want := s.Abs(cd.TypeName.Location), at(t, text, "int", 1); got != want {
		t.Errorf("type at %d, want %d", got, want)
	}
	def := cd.Constraints[0].GetConstraint()
	if got, want := s.Abs(def.RawExpr.GetAConst().Location), at(t, text, "42", 1); got != want {
		t.Errorf("default at %d, want %d", got, want)
	}
	if got, want := s.Abs(s.Node.GetAlterTableStmt().Relation.Location), at(t, text, "t ADD", 1); got != want {
		t.Errorf("table at %d, want %d", got, want)
	}
	want := []NewerSyntax{{Start: at(t, text, "CONSTRAINT", 1), End: at(t, text, ", ADD COLUMN", 1), Version: 18, Feature: notNullFeature}}
	if len(s.NewerSyntax) != 1 || s.NewerSyntax[0] != want[0] {
		t.Errorf("NewerSyntax = %+v, want %+v", s.NewerSyntax, want)
	}
	if s.MinPGVersion() != 18 {
		t.Errorf("MinPGVersion = %d", s.MinPGVersion())
	}
}

func TestNotNullConstraintUnnamedAndQuoted(t *testing.T) {
	text := `ALTER TABLE ONLY s.t ADD NOT NULL "Mixed Case" NO INHERIT;`
	s := parseOne(t, text)
	cons := tableConstraints(s)
	if len(cons) != 1 {
		t.Fatalf("%d table constraints", len(cons))
	}
	// Unnamed: the constraint starts at NOT, inside the rewritten span.
	wantNotNull(t, s, cons[0], "", "Mixed Case", at(t, text, "NOT NULL", 1), false)
	if !cons[0].IsNoInherit {
		t.Error("NO INHERIT lost")
	}
	if n := s.NewerSyntax; len(n) != 1 || n[0].Start != at(t, text, "NOT NULL", 1) || n[0].End != len(text)-1 {
		t.Errorf("NewerSyntax = %+v", n)
	}
}

func TestNotNullConstraintCreateTableSeveral(t *testing.T) {
	text := "-- lead\nCREATE TABLE t (\n  a int,\n  CONSTRAINT t_a_nn NOT NULL a,\n  b text NOT NULL,\n  NOT NULL Upper,\n  c int CHECK (c > 0),\n  CHECK (a IS NOT NULL)\n);"
	s := parseOne(t, text)
	cons := tableConstraints(s)
	if len(cons) != 3 {
		t.Fatalf("%d table constraints", len(cons))
	}
	wantNotNull(t, s, cons[0], "t_a_nn", "a", at(t, text, "CONSTRAINT", 1), false)
	wantNotNull(t, s, cons[1], "", "upper", at(t, text, "NOT NULL Upper", 1), false)
	// A CHECK written by the user stays a CHECK, at its own offsets.
	if c := cons[2]; c.Contype != pg_query.ConstrType_CONSTR_CHECK || s.Abs(c.Location) != at(t, text, "CHECK (a", 1) ||
		s.Abs(c.RawExpr.GetNullTest().Location) != at(t, text, "IS NOT NULL", 1) {
		t.Errorf("user CHECK = %v", c)
	}
	elts := s.Node.GetCreateStmt().TableElts
	b := elts[2].GetColumnDef()
	if got, want := s.Abs(b.Location), at(t, text, "b text", 1); got != want {
		t.Errorf("column b at %d, want %d", got, want)
	}
	if got, want := s.Abs(b.Constraints[0].GetConstraint().Location), at(t, text, "NOT NULL,", 1); got != want {
		t.Errorf("column constraint of b at %d, want %d", got, want)
	}
	c := elts[4].GetColumnDef()
	check := c.Constraints[0].GetConstraint()
	if got, want := s.Abs(check.RawExpr.GetAExpr().Location), at(t, text, "> 0", 1); got != want {
		t.Errorf("c > 0 at %d, want %d", got, want)
	}
	if len(s.NewerSyntax) != 2 {
		t.Fatalf("NewerSyntax = %+v", s.NewerSyntax)
	}
	if n := s.NewerSyntax[1]; n.Start != at(t, text, "NOT NULL Upper", 1) || n.End != at(t, text, ",\n  c int", 1) {
		t.Errorf("second construct = %+v", n)
	}
}

func TestNotNullConstraintForeignTableAndSchema(t *testing.T) {
	for _, text := range []string{
		"CREATE FOREIGN TABLE ft (a int, NOT NULL a) SERVER s;",
		"ALTER FOREIGN TABLE ft ADD CONSTRAINT nn NOT NULL a;",
		"CREATE SCHEMA s CREATE TABLE t (a int, NOT NULL a);",
		"CREATE TABLE p1 PARTITION OF p (CONSTRAINT nn NOT NULL a) FOR VALUES IN (1);",
	} {
		s := parseOne(t, text)
		if s.MinPGVersion() != 18 {
			t.Errorf("%q: MinPGVersion = %d", text, s.MinPGVersion())
		}
	}
}

// TestNotNullConstraintNotATableConstraint: text that only looks like the
// construct keeps PostgreSQL 17's error.
func TestNotNullConstraintNotATableConstraint(t *testing.T) {
	for _, text := range []string{
		"ALTER DOMAIN d ADD CONSTRAINT c NOT NULL x;",
		"CREATE TABLE t (a int CONSTRAINT c NOT NULL b);",
		"CREATE TABLE t (a int, NOT NULL a.b);",
		"CREATE TABLE t (a int, NOT NULL NULL);",
		"SELECT f(NOT NULL x);",
		"ALTER TABLE t ADD NOT NULL :'v';",
	} {
		f := ParseText("t.sql", text)
		s := f.Statements[0]
		if s.Err == nil || s.Node != nil || len(s.NewerSyntax) != 0 {
			t.Errorf("%q: want a syntax error, got err %v, node %v, newer %v", text, s.Err, s.Node != nil, s.NewerSyntax)
		}
	}
}

// TestNotNullConstraintLaterError: with the construct accepted, a real error
// after it is reported where PostgreSQL 18 reports it.
func TestNotNullConstraintLaterError(t *testing.T) {
	text := "ALTER TABLE t ADD CONSTRAINT nn NOT NULL a NOT VALID, ADD COLUMN b int int;"
	s := ParseText("t.sql", text).Statements[0]
	if s.Err == nil || s.Err.Offset != at(t, text, "int", 2) || s.Err.End != at(t, text, "int", 2)+3 ||
		s.Err.Message != `syntax error at or near "int"` || s.Node != nil {
		t.Errorf("err = %+v", s.Err)
	}
	text = "ALTER TABLE t ADD CONSTRAINT nn NOT NULL a DEFERRABLE;"
	s = ParseText("t.sql", text).Statements[0]
	if s.Err == nil || s.Err.Offset != at(t, text, "DEFERRABLE", 1) || s.Err.Message != "NOT NULL constraints cannot be marked DEFERRABLE" {
		t.Errorf("err = %+v", s.Err)
	}
	text = "ALTER TABLE t ADD CONSTRAINT nn NOT NULL a,"
	s = ParseText("t.sql", text).Statements[0]
	if s.Err == nil || s.Err.Offset != len(text) || !strings.Contains(s.Err.Message, "at end of input") {
		t.Errorf("err = %+v", s.Err)
	}
}

// TestNotNullConstraintInFile: in a file, the construct parses alone after
// the batch fails, a real syntax error elsewhere is still reported, and the
// other statements keep exact offsets.
func TestNotNullConstraintInFile(t *testing.T) {
	text := "CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT nn NOT NULL a NOT VALID;\nSELEC 1;\nALTER TABLE t VALIDATE CONSTRAINT nn;\nALTER TABLE t ADD COLUMN b int;\n"
	f := ParseText("t.sql", text)
	if len(f.Statements) != 5 {
		t.Fatalf("%d statements", len(f.Statements))
	}
	for i, s := range f.Statements {
		if (s.Err != nil) != (i == 2) {
			t.Errorf("statement %d: err %v", i, s.Err)
		}
		if (s.MinPGVersion() == 18) != (i == 1) {
			t.Errorf("statement %d: MinPGVersion %d", i, s.MinPGVersion())
		}
	}
	if e := f.Statements[2].Err; e == nil || e.Offset != at(t, text, "SELEC", 1) {
		t.Errorf("SELEC error = %+v", e)
	}
	cd := f.Statements[4].Node.GetAlterTableStmt().Cmds[0].GetAlterTableCmd().Def.GetColumnDef()
	if got, want := f.Statements[4].Abs(cd.Location), at(t, text, "b int", 1); got != want {
		t.Errorf("column b at %d, want %d", got, want)
	}
	con := tableConstraints(f.Statements[1])[0]
	wantNotNull(t, f.Statements[1], con, "nn", "a", at(t, text, "CONSTRAINT nn", 1), true)
}

func TestNotNullConstraintCached(t *testing.T) {
	cache := NewStmtCache(100)
	stmt := "ALTER TABLE t ADD NOT NULL a;"
	ParseCached("a.sql", []byte(stmt), cache)
	text := "SELECT 1;\n" + stmt
	f := ParseCached("b.sql", []byte(text), cache)
	s := f.Statements[1]
	start := at(t, text, "NOT NULL", 1)
	if len(s.NewerSyntax) != 1 || s.NewerSyntax[0].Start != start || s.NewerSyntax[0].End != len(text)-1 {
		t.Errorf("NewerSyntax = %+v", s.NewerSyntax)
	}
	wantNotNull(t, s, tableConstraints(s)[0], "", "a", start, false)
}

func TestOrigOffset(t *testing.T) {
	// "x NOT NULL a, NOT NULL b y" -> "x CHECK (a IS NOT NULL), CHECK (b IS NOT NULL) y"
	rw := &rewrite{edits: []edit{{from: 2, to: 12, newFrom: 2, newTo: 23}, {from: 14, to: 24, newFrom: 25, newTo: 46}}}
	for _, c := range [][3]int{{0, 0, -1}, {1, 1, -1}, {2, 2, 0}, {10, 2, 0}, {22, 2, 0}, {23, 12, -1}, {24, 13, -1},
		{25, 14, 1}, {45, 14, 1}, {46, 24, -1}, {47, 25, -1}} {
		if got := rw.origOffset(c[0]); got != c[1] {
			t.Errorf("origOffset(%d) = %d, want %d", c[0], got, c[1])
		}
		if got := rw.editAt(c[0]); got != c[2] {
			t.Errorf("editAt(%d) = %d, want %d", c[0], got, c[2])
		}
	}
}

// TestNotNullConstraintMany: many constructs in one statement, each
// constraint and the column after it at its own offset.
func TestNotNullConstraintMany(t *testing.T) {
	var b strings.Builder
	b.WriteString("CREATE TABLE t (")
	const n = 300
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "c%d int, CONSTRAINT nn%d NOT NULL c%d, ", i, i, i)
	}
	b.WriteString("last text);")
	text := b.String()
	s := parseOne(t, text)
	cons := tableConstraints(s)
	if len(cons) != n || len(s.NewerSyntax) != n {
		t.Fatalf("%d constraints, %d constructs", len(cons), len(s.NewerSyntax))
	}
	for i, con := range cons {
		name := fmt.Sprintf("nn%d", i)
		wantNotNull(t, s, con, name, fmt.Sprintf("c%d", i), strings.Index(text, "CONSTRAINT "+name+" "), false)
	}
	elts := s.Node.GetCreateStmt().TableElts
	if got, want := s.Abs(elts[len(elts)-1].GetColumnDef().Location), strings.Index(text, "last"); got != want {
		t.Errorf("last column at %d, want %d", got, want)
	}
}

func TestNotNullConstraintInitiallyDeferred(t *testing.T) {
	for text, msg := range map[string]string{
		"ALTER TABLE t ADD NOT NULL a INITIALLY DEFERRED;":                "NOT NULL constraints cannot be marked DEFERRABLE",
		"ALTER TABLE t ADD NOT NULL a NOT DEFERRABLE INITIALLY DEFERRED;": "constraint declared INITIALLY DEFERRED must be DEFERRABLE",
	} {
		s := ParseText("t.sql", text).Statements[0]
		if s.Err == nil || s.Err.Offset != at(t, text, "INITIALLY", 1) || s.Err.Message != msg {
			t.Errorf("%q: err = %+v", text, s.Err)
		}
	}
}
