package main

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/clitest"
)

// runCLIProcess runs the built CLI from dir, with the C stack limited to
// stackKB (0: unchanged), and returns its exit code and output. Inputs that
// used to crash the process (a segmentation fault in libpg_query) would
// take the whole test binary down if run in it.
func runCLIProcess(t *testing.T, dir string, stackKB int, args ...string) (int, string, string) {
	t.Helper()
	argv := append([]string{clitest.Binary(t)}, args...)
	if stackKB > 0 {
		// The threads the Go runtime creates for cgo get RLIMIT_STACK.
		argv = append([]string{"sh", "-c", "ulimit -s " + strconv.Itoa(stackKB) + ` && exec "$0" "$@"`}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	r := clitest.Exec(t, cmd)
	return r.Code, r.Stdout, r.Stderr
}

// deepInputs are the shapes of statement that overflowed libpg_query's C
// stack at about 30,000 levels and killed the process.
var deepInputs = map[string]string{
	"002_plus.sql":   "SELECT 1" + strings.Repeat("+1", 40000) + ";\n",
	"003_concat.sql": "SELECT 'a'" + strings.Repeat("||'a'", 40000) + ";\n",
	"004_arrow.sql":  "SELECT j" + strings.Repeat("->'a'", 40000) + " FROM t;\n",
	"005_paren.sql":  "SELECT 1;\nSELECT " + strings.Repeat("(", 40000) + "1" + strings.Repeat(")", 40000) + ";\n",
}

// check reports each statement too deep for the parser as a syntax-error
// finding, exits 1 and still reports every other statement and file.
func TestCheckReportsTooDeepStatements(t *testing.T) {
	files := map[string]string{
		"001_ok.sql":      "CREATE TABLE t (id bigint PRIMARY KEY, at timestamp);\n",
		"006_comment.sql": "CREATE TABLE u (id bigint PRIMARY KEY);\n/* the rest is hidden\nDROP TABLE users;\n",
		"007_connect.sql": "CREATE TABLE v (id bigint PRIMARY KEY);\n\\connect reporting\nCREATE TABLE w (id bigint PRIMARY KEY);\n",
	}
	for name, body := range deepInputs {
		files[name] = body
	}
	dir := writeFiles(t, files)
	code, out, errOut := runCLIProcess(t, dir, 0, "check", "--format", "json", ".")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr: %.300s", code, errOut)
	}
	r := decode(t, out)
	var got []string
	for _, f := range r.Findings {
		got = append(got, short(f)+" "+f.Message)
	}
	deep := func(shape string) string {
		return "statement too deeply nested for the parser (" + shape + "; at most 1000 levels are accepted); split it into smaller expressions or statements"
	}
	want := []string{
		"001_ok.sql:1:43-1:52 warning prefer-timestamptz column \"at\" is timestamp without time zone, which stores no time zone and changes meaning with the client's or server's zone; use timestamptz",
		"002_plus.sql:1:2009-1:2010 error syntax-error " + deep("an operator chain of 40000"),
		"003_concat.sql:1:5011-1:5013 error syntax-error " + deep("an operator chain of 40000"),
		"004_arrow.sql:1:5009-1:5011 error syntax-error " + deep("an operator chain of 40000"),
		"005_paren.sql:2:1008-2:1009 error syntax-error " + deep("40000 nested levels of parentheses, subqueries or CASE"),
		"006_comment.sql:2:1-2:3 error syntax-error unterminated /* comment: everything after it to the end of the file is part of it and never runs; close it with */",
		"007_connect.sql:2:1-2:19 error unsupported-psql-meta-command sqlreview runs SQL only and skips psql's \\connect, which switches to another database or user: the statements after it would run on the wrong one; give that database its own migrations",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Files != 7 || r.Statements != 10 {
		t.Errorf("files=%d statements=%d, want 7 and 10", r.Files, r.Statements)
	}
}

// The largest statements the guard lets through, of every shape, parse
// without a crash even with a 1 MB stack (an eighth of the usual 8 MB),
// in check's parallel workers; one level more is refused.
func TestCheckSurvivesLargestAcceptedStatementsOnSmallStack(t *testing.T) {
	shapes := map[string]func(n int) string{
		"plus":   func(n int) string { return "SELECT 1" + strings.Repeat("+1", n) },
		"concat": func(n int) string { return "SELECT 'a'" + strings.Repeat("||'a'", n) },
		"arrow":  func(n int) string { return "SELECT j" + strings.Repeat("->'a'", n) + " FROM t" },
		"paren":  func(n int) string { return "SELECT " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) },
		"sub":    func(n int) string { return strings.Repeat("SELECT (", n) + "1" + strings.Repeat(")", n) },
		"case": func(n int) string {
			return "SELECT " + strings.Repeat("CASE WHEN a THEN ", n) + "1" + strings.Repeat(" END", n)
		},
		"default": func(n int) string {
			return "CREATE TABLE t (id bigint PRIMARY KEY, x int DEFAULT 1" + strings.Repeat("+1", n) + ")"
		},
		"union": func(n int) string { return "SELECT 1" + strings.Repeat(" UNION SELECT 1", n) },
		"join":  func(n int) string { return "SELECT * FROM a" + strings.Repeat(" JOIN a USING (x)", n) },
	}
	largest := map[string]int{"plus": 1000, "concat": 1000, "arrow": 1000, "paren": 1000, "sub": 334, "case": 500, "default": 999, "union": 1000, "join": 999}
	files := map[string]string{}
	for name, shape := range shapes {
		n := largest[name]
		files[name+".sql"] = shape(n) + ";\n" + shape(n+1) + ";\n"
	}
	dir := writeFiles(t, files)
	code, out, errOut := runCLIProcess(t, dir, 1024, "check", "--format", "json", ".")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr: %.300s", code, errOut)
	}
	r := decode(t, out)
	refused := map[string]int{}
	for _, f := range r.Findings {
		if f.Rule == "syntax-error" {
			if f.Start.Line != 2 || !strings.HasPrefix(f.Message, "statement too deeply nested for the parser") {
				t.Errorf("%s", short(f)+" "+f.Message)
			}
			refused[filepath.Base(f.Path)]++
		}
	}
	for name := range shapes {
		if refused[name+".sql"] != 1 {
			t.Errorf("%s: %d statements refused, want the second one only", name, refused[name+".sql"])
		}
	}
}
