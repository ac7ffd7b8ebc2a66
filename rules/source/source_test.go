package source

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// stmtTexts returns each statement's text, with "!" prefixed for syntax errors.
func stmtTexts(f *File) []string {
	var out []string
	for _, s := range f.Statements {
		t := s.Text()
		if s.Err != nil {
			t = "!" + t
		}
		out = append(out, t)
	}
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want []string
	}{
		{"simple", "SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"no trailing semicolon", "SELECT 1;\nSELECT 2", []string{"SELECT 1", "SELECT 2"}},
		{"comments trimmed", "-- lead\n/* block */ SELECT 1 /* in */ ; -- tail\n", []string{"SELECT 1"}},
		{"empty statements", ";;SELECT 1;;", []string{"SELECT 1"}},
		{"dollar body", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql; SELECT 3;",
			[]string{"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql", "SELECT 3"}},
		{"tagged dollar body", "DO $body$ BEGIN PERFORM 1; END $body$; SELECT 1;",
			[]string{"DO $body$ BEGIN PERFORM 1; END $body$", "SELECT 1"}},
		{"begin atomic", "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); SELECT CASE WHEN true THEN 1 END; END; SELECT 2;",
			[]string{"CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); SELECT CASE WHEN true THEN 1 END; END", "SELECT 2"}},
		{"transaction begin is not a body", "BEGIN; SELECT 1; END;", []string{"BEGIN", "SELECT 1", "END"}},
		{"create rule action list", "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2)); SELECT 1;",
			[]string{"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))", "SELECT 1"}},
		{"unbalanced paren does not swallow", "SELECT (1;\nSELECT 2;", []string{"!SELECT (1", "SELECT 2"}},
		{"quoted semicolons", `SELECT ';', "a;b", E'\';', U&'x;' FROM t; SELECT 2;`, []string{`SELECT ';', "a;b", E'\';', U&'x;' FROM t`, "SELECT 2"}},
		{"psql meta skipped", "\\set ON_ERROR_STOP on\nSELECT 1;\n\\connect other\nSELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"gset ends statement", "SELECT 1 AS x \\gset\nSELECT :x;", []string{"SELECT 1 AS x", "SELECT :x"}},
		{"copy data skipped", "COPY t FROM stdin;\n1\t'unterminated\n2\tx;y\n\\.\nSELECT 1;", []string{"COPY t FROM stdin", "SELECT 1"}},
		{"syntax error keeps the rest", "SELEC 1; SELECT 2;", []string{"!SELEC 1", "SELECT 2"}},
		{"nested block comment", "/* a /* b; */ c; */ SELECT 1;", []string{"SELECT 1"}},
		{"bom", "\uFEFFSELECT 1;", []string{"SELECT 1"}},
		{"backslash semicolon separates", "SELECT 1\\; SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"copies sent together", "select 0\\; copy t from stdin\\; copy t from stdin\\; select 1;\n1\n\\.\n2\n\\.\nselect 2;",
			[]string{"select 0", "copy t from stdin", "copy t from stdin", "select 1", "select 2"}},
		{"rejected copy reads no data", "copy (select 1) from stdin;\nselect 1;\n\\.\n", []string{"!copy (select 1) from stdin", "select 1"}},
		{"false if branch skipped", "\\if false\n:nothing\n\\echo :x\n\\else\nSELECT 1;\n\\endif\nSELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"meta quoted args", "\\pset null '\\\\N'\nSELECT 1;", []string{"SELECT 1"}},
		{"standard_conforming_strings off", "set standard_conforming_strings = off;\nselect 'a\\'b';\nreset standard_conforming_strings;\nselect 'c\\';",
			[]string{"set standard_conforming_strings = off", "!select 'a\\'b'", "reset standard_conforming_strings", "select 'c\\'"}},
		{"array slice is not a psql variable", "SELECT a[1:n] FROM t;", []string{"SELECT a[1:n] FROM t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := stmtTexts(ParseText("t.sql", tt.sql))
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("split(%q)\n got %q\nwant %q", tt.sql, got, tt.want)
			}
		})
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	// "ë" is two bytes: the error position must be counted in characters
	// by PostgreSQL and converted back to bytes here.
	f := ParseText("t.sql", "SELECT 'ë';\nALTER TABLE t ADD COLUMN;\nSELECT 1;")
	s := f.Statements[1]
	if s.Err == nil {
		t.Fatal("expected a syntax error")
	}
	start, end := f.Position(s.Err.Offset), f.Position(s.Err.End)
	if start != (Position{2, 25}) || end != (Position{2, 25}) {
		// "at end of input" points just past the last token.
		t.Errorf("error at %v-%v (%s), want 2:25-2:25", start, end, s.Err.Message)
	}
	f = ParseText("t.sql", "SELECT 'ë' FROM WHERE;")
	s = f.Statements[0]
	if s.Err == nil || f.Position(s.Err.Offset) != (Position{1, 17}) || f.Position(s.Err.End) != (Position{1, 22}) {
		t.Errorf("got %+v at %v-%v, want 1:17-1:22", s.Err, f.Position(s.Err.Offset), f.Position(s.Err.End))
	}
	if f.Statements[0].Err.Message != `syntax error at or near "WHERE"` {
		t.Errorf("message %q", s.Err.Message)
	}
}

func TestNodeLocations(t *testing.T) {
	f := ParseText("t.sql", "SELECT 1;\n  CREATE INDEX i ON users (email);")
	s := f.Statements[1]
	idx := s.Node.GetIndexStmt()
	if idx == nil {
		t.Fatal("not an index statement")
	}
	off := s.Abs(idx.Relation.Location)
	if got := f.Text[off : off+5]; got != "users" {
		t.Errorf("relation at %d = %q", off, got)
	}
	if p := f.Position(s.Start); p != (Position{2, 3}) {
		t.Errorf("statement starts at %v", p)
	}
}

func TestUnreadable(t *testing.T) {
	f := Parse("b.sql", []byte("SELECT 1;\x00\x01\x02"))
	if f.Problem == nil || !strings.Contains(f.Problem.Message, "binary") || len(f.Statements) != 0 {
		t.Errorf("binary: %+v", f.Problem)
	}
	f = Parse("l.sql", []byte("SELECT 'caf\xe9';"))
	if f.Problem == nil || !strings.Contains(f.Problem.Message, "UTF-8") || f.Problem.Offset != 11 {
		t.Errorf("latin1: %+v", f.Problem)
	}
}

func TestPositions(t *testing.T) {
	text := "ab\r\nc😀d\rx\n"
	l := NewLines(text)
	cases := []struct {
		off   int
		pos   Position
		line0 int
		col16 int
	}{
		{0, Position{1, 1}, 0, 0},
		{2, Position{1, 3}, 0, 2},
		{4, Position{2, 1}, 1, 0},
		{5, Position{2, 2}, 1, 1},
		{9, Position{2, 3}, 1, 3}, // after the 4-byte emoji: 1 char, 2 UTF-16 units
		{11, Position{3, 1}, 2, 0},
	}
	for _, c := range cases {
		if got := l.Position(c.off); got != c.pos {
			t.Errorf("Position(%d) = %v, want %v", c.off, got, c.pos)
		}
		if got := l.Offset(c.pos); got != c.off {
			t.Errorf("Offset(%v) = %d, want %d", c.pos, got, c.off)
		}
		if ln, col := l.UTF16(c.off); ln != c.line0 || col != c.col16 {
			t.Errorf("UTF16(%d) = %d:%d, want %d:%d", c.off, ln, col, c.line0, c.col16)
		}
		if got := l.OffsetUTF16(c.line0, c.col16); got != c.off {
			t.Errorf("OffsetUTF16(%d,%d) = %d, want %d", c.line0, c.col16, got, c.off)
		}
	}
	if got := l.OffsetUTF16(0, 99); got != 2 {
		t.Errorf("past line end clamps to line end, got %d", got)
	}
	if l.Count() != 4 || l.LineText(2) != "c😀d" {
		t.Errorf("lines: %d %q", l.Count(), l.LineText(2))
	}
}

// TestCorpus splits and parses real SQL: the four migration histories, which
// PostgreSQL 15 applies cleanly, must give no syntax error at all.
func TestCorpus(t *testing.T) {
	root := shared.Path(t, "corpus", "migrations")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.sql"))
	if len(files) < 1500 {
		t.Fatalf("found only %d migration files", len(files))
	}
	stmts := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := Parse(p, data)
		stmts += len(f.Statements)
		for _, s := range f.Statements {
			if s.Err != nil {
				t.Errorf("%s:%v: %s", p, f.Position(s.Err.Offset), s.Err.Message)
			}
		}
	}
	if stmts < 4000 {
		t.Errorf("only %d statements in the migration corpus", stmts)
	}
}

var fuzzSeeds = []string{
	"SELECT 1;",
	"CREATE TABLE t (id bigint PRIMARY KEY, v text DEFAULT 'x;y');",
	"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;",
	"DO $$ BEGIN RAISE NOTICE ';'; END $$;",
	"\\set x 1\nSELECT :x;\nCOPY t FROM stdin;\n1\n\\.\n",
	"SELECT 'unterminated",
	"/* unterminated",
	"SELECT $tag$ body",
	"CREATE RULE r AS ON INSERT TO t DO (SELECT 1; SELECT 2);",
	"-- sqlreview:ignore ban-drop-column -- why\nALTER TABLE t DROP COLUMN c;",
	"SELECT U&'\\0041', E'\\'', B'101', X'ff', 1.5e3, $1, a::int;",
	"\uFEFFSELECT 'ë😀';",
	"ALTER TABLE t ADD CONSTRAINT nn NOT NULL a NOT VALID, ADD COLUMN b int DEFAULT 1;",
	"CREATE TABLE t (a int, CONSTRAINT nn NOT NULL a NO INHERIT, NOT NULL \"B\", CHECK (a > 0));",
}

// checkInvariants asserts what must hold for any input, and returns the
// parsed file.
func checkInvariants(t *testing.T, text string) *File {
	f := ParseText("f.sql", text)
	if f.Problem != nil {
		return f
	}
	prevEnd := 0
	for i, s := range f.Statements {
		if s.Index != i || s.Start < prevEnd || s.End < s.Start || s.End > len(f.Text) {
			t.Fatalf("statement %d has bad range %d-%d (prev end %d) in %q", i, s.Start, s.End, prevEnd, text)
		}
		if (s.Node == nil) == (s.Err == nil) {
			t.Fatalf("statement %d: exactly one of Node and Err must be set", i)
		}
		if s.Err != nil && (s.Err.Offset < s.Start || s.Err.Offset > s.End || s.Err.End < s.Err.Offset) {
			t.Fatalf("statement %d: error range %d-%d outside %d-%d", i, s.Err.Offset, s.Err.End, s.Start, s.End)
		}
		for _, n := range s.NewerSyntax {
			if n.Start < s.Start || n.End > s.End || n.End < n.Start {
				t.Fatalf("statement %d: newer syntax range %d-%d outside %d-%d", i, n.Start, n.End, s.Start, s.End)
			}
		}
		if s.NewerSyntax != nil {
			checkLocations(t, s, s.Node.ProtoReflect())
		}
		prevEnd = s.End
	}
	for off := 0; off <= len(f.Text); off += 1 + len(f.Text)/50 {
		if off < len(f.Text) && !utf8.RuneStart(f.Text[off]) || off < f.Lines().LineStart(0) {
			continue // inside a character, or a leading BOM (no column)
		}
		p := f.Position(off)
		if back := f.Lines().Offset(p); back != off || p.Line < 1 || p.Column < 1 {
			t.Fatalf("position round trip at %d: %v -> %d", off, p, back)
		}
	}
	return f
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) { checkInvariants(t, text) })
}

// TestRandomMutations runs a short, deterministic mutation loop over the fuzz
// seeds in the normal test run (go test -fuzz explores further).
func TestRandomMutations(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []string{";", "'", "\"", "$$", "$a$", "(", ")", "--", "/*", "*/", "\\", "\n", "BEGIN", "END", "ATOMIC", "CASE", "CREATE FUNCTION", "ë", "\x00", "\xff", "NOT NULL ", "CONSTRAINT c "}
	for i := 0; i < 3000; i++ {
		b := []byte(fuzzSeeds[rng.Intn(len(fuzzSeeds))])
		for k := rng.Intn(4) + 1; k > 0; k-- {
			pos := rng.Intn(len(b) + 1)
			ins := alphabet[rng.Intn(len(alphabet))]
			b = append(b[:pos], append([]byte(ins), b[pos:]...)...)
		}
		checkInvariants(t, string(b))
	}
}

func TestDeparse(t *testing.T) {
	f := ParseText("t.sql", "ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now() + interval '1 day';")
	cmd := f.Statements[0].Node.GetAlterTableStmt().Cmds[0].GetAlterTableCmd()
	def := cmd.Def.GetColumnDef().Constraints[0].GetConstraint().RawExpr
	if got := Deparse(def); got != "now() + '1 day'::interval" {
		t.Errorf("Deparse = %q", got)
	}
	if got := DeparseStmt(f.Statements[0].Node); got != "ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now() + '1 day'::interval" {
		t.Errorf("DeparseStmt = %q", got)
	}
}

// checkLocations fails when a location of a rewritten statement's tree
// points outside the statement.
func checkLocations(t *testing.T, s *Statement, m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
			for i := 0; i < v.List().Len(); i++ {
				checkLocations(t, s, v.List().Get(i).Message())
			}
		case fd.Kind() == protoreflect.MessageKind:
			checkLocations(t, s, v.Message())
		case fd.Kind() == protoreflect.Int32Kind && strings.HasSuffix(string(fd.Name()), "location"):
			if off := s.base + int(v.Int()); v.Int() >= 0 && (off < s.Start || off > s.End) {
				t.Fatalf("%s = %d: offset %d outside statement %d-%d", fd.FullName(), v.Int(), off, s.Start, s.End)
			}
		}
		return true
	})
}
