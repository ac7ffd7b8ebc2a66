package source

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// An unterminated comment, string, quoted identifier or dollar quote
// swallows the rest of the file: it must be a syntax error at its opening
// delimiter, never silently dropped text.
func TestUnterminatedTokens(t *testing.T) {
	tests := []struct {
		name, sql string
		stmts     []string // statement texts, "!" marks the syntax error
		pos       string   // L:C-L:C of the error
		msg       string
	}{
		{"comment between statements", "CREATE TABLE a (id int);\n/* oops\nDROP TABLE users;\n",
			[]string{"CREATE TABLE a (id int)", "!/* oops\nDROP TABLE users;\n"}, "2:1-2:3",
			"unterminated /* comment: everything after it to the end of the file is part of it and never runs; close it with */"},
		{"comment inside a statement", "SELECT 1 /* oops\n;\nDROP TABLE users;",
			[]string{"!SELECT 1 /* oops\n;\nDROP TABLE users;"}, "1:10-1:12",
			"unterminated /* comment: everything after it to the end of the file is part of it and never runs; close it with */"},
		{"nested comment left open", "/* a /* b */ SELECT 1;",
			[]string{"!/* a /* b */ SELECT 1;"}, "1:1-1:3",
			"unterminated /* comment: everything after it to the end of the file is part of it and never runs; close it with */"},
		{"string", "SELECT 1;\nINSERT INTO t VALUES (E'abc);\nDROP TABLE users;",
			[]string{"SELECT 1", "!INSERT INTO t VALUES (E'abc);\nDROP TABLE users;"}, "2:23-2:25",
			"unterminated quoted string: everything after it to the end of the file is part of it and never runs; close it with '"},
		{"quoted identifier", "SELECT \"abc;\nDROP TABLE users;",
			[]string{"!SELECT \"abc;\nDROP TABLE users;"}, "1:8-1:9",
			"unterminated quoted identifier: everything after it to the end of the file is part of it and never runs; close it with \""},
		{"dollar quote", "DO $body$ BEGIN PERFORM 1; END $$;\nDROP TABLE users;",
			[]string{"!DO $body$ BEGIN PERFORM 1; END $$;\nDROP TABLE users;"}, "1:4-1:10",
			"unterminated dollar-quoted string: everything after it to the end of the file is part of it and never runs; close it with $body$"},
		{"string in a false \\if branch swallows \\endif", "\\if false\nSELECT 'x;\n\\endif\nDROP TABLE users;",
			[]string{"!'x;\n\\endif\nDROP TABLE users;"}, "2:8-2:9",
			"unterminated quoted string: everything after it to the end of the file is part of it and never runs; close it with '"},
		{"comment in a false \\if branch", "\\if false\n/* x\n\\endif\nDROP TABLE users;",
			[]string{"!/* x\n\\endif\nDROP TABLE users;"}, "2:1-2:3",
			"unterminated /* comment: everything after it to the end of the file is part of it and never runs; close it with */"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ParseText("t.sql", tt.sql)
			if got := stmtTexts(f); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.stmts) {
				t.Fatalf("statements %q, want %q", got, tt.stmts)
			}
			e := f.Statements[len(f.Statements)-1].Err
			pos := fmt.Sprintf("%d:%d-%d:%d", f.Position(e.Offset).Line, f.Position(e.Offset).Column, f.Position(e.End).Line, f.Position(e.End).Column)
			if pos != tt.pos || e.Message != tt.msg {
				t.Errorf("error %s %q, want %s %q", pos, e.Message, tt.pos, tt.msg)
			}
		})
	}
}

// deepShapes builds statements that nest n levels in each way that makes
// libpg_query recurse; at 30,000 and more they overflowed its stack.
var deepShapes = map[string]func(n int) string{
	"plus":   func(n int) string { return "SELECT 1" + strings.Repeat("+1", n) + ";" },
	"concat": func(n int) string { return "SELECT 'a'" + strings.Repeat("||'a'", n) + ";" },
	"arrow":  func(n int) string { return "SELECT j" + strings.Repeat("->'a'", n) + " FROM t;" },
	"paren":  func(n int) string { return "SELECT " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + ";" },
	"cast":   func(n int) string { return "SELECT 1" + strings.Repeat("::int", n) + ";" },
	"join":   func(n int) string { return "SELECT * FROM a" + strings.Repeat(" JOIN a USING (x)", n) + ";" },
	"union":  func(n int) string { return "SELECT 1" + strings.Repeat(" UNION SELECT 1", n) + ";" },
	"not":    func(n int) string { return "SELECT " + strings.Repeat("NOT ", n) + "true;" },
	"sub":    func(n int) string { return strings.Repeat("SELECT (", n) + "1" + strings.Repeat(")", n) + ";" },
	"case": func(n int) string {
		return "SELECT " + strings.Repeat("CASE WHEN a THEN ", n) + "1" + strings.Repeat(" END", n) + ";"
	},
}

// The nesting guard refuses, before the C parser runs, exactly the
// statements past maxNesting weighted levels, with a message naming the
// shape and the position where the limit was passed; smaller ones parse.
func TestNestingGuard(t *testing.T) {
	tests := []struct {
		shape    string
		ok, deep int // a size that parses and one that is refused
		at       int // byte column (1-based) of the refused statement's error
		msg      string
	}{
		{"plus", 999, 1001, 2009, "an operator chain of 1001"},
		{"concat", 999, 1001, 5011, "an operator chain of 1001"},
		{"arrow", 999, 1001, 5009, "an operator chain of 1001"},
		{"cast", 999, 1001, 5009, "an operator chain of 1001"},
		{"join", 999, 1001, 17013, "an operator chain of 1001"},
		{"union", 999, 1001, 15010, "an operator chain of 1001"},
		{"not", 999, 1001, 4008, "an operator chain of 1001"},
		{"paren", 999, 1001, 1008, "1001 nested levels of parentheses, subqueries or CASE"},
		{"sub", 334, 335, 2673, "335 nested levels of parentheses, subqueries or CASE"},
		{"case", 499, 501, 8508, "501 nested levels of parentheses, subqueries or CASE"},
	}
	for _, tt := range tests {
		t.Run(tt.shape, func(t *testing.T) {
			f := ParseText("t.sql", "SELECT 0;\n"+deepShapes[tt.shape](tt.ok)+"\n"+deepShapes[tt.shape](tt.deep)+"\nSELECT 2;")
			if len(f.Statements) != 4 {
				t.Fatalf("%d statements", len(f.Statements))
			}
			for _, i := range []int{0, 1, 3} {
				if s := f.Statements[i]; s.Err != nil {
					t.Errorf("statement %d: %s", i, s.Err.Message)
				}
			}
			e := f.Statements[2].Err
			want := "statement too deeply nested for the parser (" + tt.msg + "; at most 1000 levels are accepted); split it into smaller expressions or statements"
			if e == nil || e.Message != want {
				t.Fatalf("refused statement: %+v, want %q", e, want)
			}
			if p := f.Position(e.Offset); p.Line != 3 || p.Column != tt.at {
				t.Errorf("error at %v, want 3:%d", p, tt.at)
			}
		})
	}
}

// One statement past the limit in a file parsed in batches is refused on
// its own; its neighbours in the same batch still get trees.
func TestNestingGuardInBatch(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 600; i++ {
		if i == 300 {
			b.WriteString(deepShapes["plus"](40000) + "\n")
			continue
		}
		fmt.Fprintf(&b, "SELECT %d;\n", i)
	}
	f := ParseText("t.sql", b.String())
	for i, s := range f.Statements {
		if (s.Err != nil) != (i == 300) {
			t.Errorf("statement %d: err %v", i, s.Err)
		}
	}
	var ne *NestingError
	if _, err := parseSQL(b.String()); !errors.As(err, &ne) || ne.Chain != 40000 {
		t.Errorf("parseSQL: %v", err)
	}
}

// Statements too short to nest past the limit go to the parser in one
// batch unmeasured, even when their open brackets add up past it (the
// parser stops at the first statement's ';'): each gets the syntax error
// it gets alone, and a long statement in the same file is still measured.
func TestBatchOfShortStatementsCarriesNoNesting(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "SELECT %s1;\n", strings.Repeat("(", 200))
	}
	b.WriteString("SELECT 7;\n" + deepShapes["plus"](1001) + "\n")
	f := ParseText("t.sql", b.String())
	if len(f.Statements) != 42 {
		t.Fatalf("%d statements", len(f.Statements))
	}
	for i, s := range f.Statements[:40] {
		alone := ParseText("t.sql", s.Text()+";")
		if s.Err == nil || alone.Statements[0].Err == nil || s.Err.Message != alone.Statements[0].Err.Message ||
			s.Err.Offset-s.Start != alone.Statements[0].Err.Offset {
			t.Fatalf("statement %d: error %+v; alone %+v", i, s.Err, alone.Statements[0].Err)
		}
		if strings.Contains(s.Err.Message, "deeply nested") {
			t.Fatalf("statement %d of 201 levels refused by the guard: %s", i, s.Err.Message)
		}
	}
	if s := f.Statements[40]; s.Err != nil || s.Node == nil {
		t.Errorf("SELECT 7: %+v", s.Err)
	}
	if e := f.Statements[41].Err; e == nil || !strings.Contains(e.Message, "an operator chain of 1001") {
		t.Errorf("long statement: %+v, want the guard's refusal", e)
	}
}

// Deparse refuses trees deeper than maxDeparseDepth (the C deparser
// recurses about 950 bytes per level) and renders the others.
func TestDeparseDepthGuard(t *testing.T) {
	def := func(n int) string {
		f := ParseText("t.sql", "ALTER TABLE t ADD COLUMN c int DEFAULT 1"+strings.Repeat("+1", n)+";")
		s := f.Statements[0]
		if s.Err != nil {
			t.Fatal(s.Err.Message)
		}
		cmd := s.Node.GetAlterTableStmt().Cmds[0].GetAlterTableCmd()
		return Deparse(cmd.Def.GetColumnDef().Constraints[0].GetConstraint().RawExpr)
	}
	rendered := func(n int) string { return strings.Repeat("(", n-1) + "1 + 1" + strings.Repeat(") + 1", n-1) }
	if got := def(3); got != "((1 + 1) + 1) + 1" {
		t.Errorf("Deparse = %q", got)
	}
	if got := def(140); got != rendered(140) {
		t.Errorf("Deparse of 140 levels = %.40q...", got)
	}
	if got := def(400); got != "" {
		t.Errorf("Deparse of 400 levels = %.40q..., want \"\"", got)
	}
}

// Every call into pg_query's C code (through pg_query_go or its parser
// package) goes through the guarded functions of pgquery.go: a new direct
// call anywhere in the repository fails here.
func TestParserCallsGuarded(t *testing.T) {
	call := regexp.MustCompile(`\b(pg_query|parser)\.(Parse|ParseToJSON|ParseToProtobuf|ParsePlPgSqlToJSON|Deparse|DeparseFromProtobuf|Fingerprint|FingerprintToUInt64|FingerprintToHexStr|Normalize|NormalizeUtility|Scan|ScanToProtobuf|Split|SplitWithScanner|SplitWithParser|Summary|SummaryToProtobuf|IsUtilityStmt)\(|\bC\.pg_query_`)
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, filepath.Join("rules", "source", "pgquery.go")) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if call.MatchString(line) {
				t.Errorf("%s:%d: calls pg_query directly; use the guarded functions in rules/source/pgquery.go: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// FuzzNesting feeds repeated units (operator chains, brackets, subqueries,
// CASE, unterminated tokens ...) between a random prefix and suffix
// through the splitter, the nesting guard, the parser and the deparser.
// Nothing may crash, the file invariants hold, and every tree the guard
// lets through stays within twice maxNesting nested messages: that is
// what the weighting promises (about 2,000 for the largest accepted
// statement of each measured shape), so a deeper tree is a shape the
// guard underestimates, found here before it can overflow a stack.
// Run with a small stack to make crashes likelier:
//
//	(ulimit -s 1024; go test ./rules/source -run '^$' -fuzz FuzzNesting -fuzztime 20s -fuzzminimizetime 1s)
func FuzzNesting(f *testing.F) {
	seeds := []struct {
		prefix, unit string
		n            uint16
		suffix       string
	}{
		{"SELECT 1", "+1", 40000, ";"},
		{"SELECT 'a'", "||'a'", 40000, ";"},
		{"SELECT j", "->'a'", 40000, " FROM t;"},
		{"SELECT ", "(", 40000, "1;"},
		{"SELECT 1", "::int", 30000, ";"},
		{"SELECT * FROM a", " JOIN a USING (x)", 30000, ";"},
		{"SELECT 1", " UNION SELECT 1", 30000, ";"},
		{"SELECT ", "NOT ", 30000, "true;"},
		{"", "SELECT (", 2000, "1"},
		{"SELECT ", "CASE WHEN a THEN ", 3000, "1"},
		{"SELECT ", "f(", 5000, "1"},
		{"CREATE TABLE t (x int DEFAULT 1", "+1", 2000, ");"},
		{"SELECT 1 WHERE a", " OR a = 1", 30000, ";"},
		{"SELECT 1;\n/* ", "x", 10, ""},
		{"SELECT '", "a;", 10, ""},
		{"DO $x$ ", "b;", 10, ""},
		{"SELECT \"", "c;", 10, ""},
		{"\\if false\nSELECT '", "x", 3, "\n\\endif\nSELECT 1;"},
	}
	for _, s := range seeds {
		f.Add(s.prefix, s.unit, s.n, s.suffix)
	}
	f.Fuzz(func(t *testing.T, prefix, unit string, n uint16, suffix string) {
		if len(unit)*int(n) > 4<<20 {
			return
		}
		text := prefix + strings.Repeat(unit, int(n)) + suffix
		for _, s := range checkInvariants(t, text).Statements {
			if s.Node == nil {
				continue
			}
			if d := messageDepth(s.Node.ProtoReflect(), 4*maxNesting); d > 2*maxNesting+16 {
				t.Fatalf("the guard let through a tree %d messages deep: %.200q", d, s.Text())
			}
			DeparseStmt(s.Node)
		}
	})
}
