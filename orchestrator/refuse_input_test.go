package orchestrator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// Load refuses a file whose content would be silently skipped or would
// crash the parser, with one line naming the file, the line and why; the
// runner (apply, plan), release create and rollout all load through it.
func TestLoadRefusesSkippedContent(t *testing.T) {
	cases := []struct{ name, sql, want string }{
		{"001_comment.sql", "CREATE TABLE a (id int);\n/* oops\nDROP TABLE users;\n",
			"/m/001_comment.sql:2:1: unterminated /* comment: everything after it to the end of the file is part of it and never runs; close it with */; fix it (`sqlreview check /m/001_comment.sql` shows it)"},
		{"002_string.sql", "SELECT 1;\nINSERT INTO t VALUES ('abc);\nDROP TABLE users;\n",
			"/m/002_string.sql:2:23: unterminated quoted string: everything after it to the end of the file is part of it and never runs; close it with '; fix it (`sqlreview check /m/002_string.sql` shows it)"},
		{"003_dollar.sql", "DO $$ BEGIN PERFORM 1; END;\nDROP TABLE users;\n",
			"/m/003_dollar.sql:1:4: unterminated dollar-quoted string: everything after it to the end of the file is part of it and never runs; close it with $$; fix it (`sqlreview check /m/003_dollar.sql` shows it)"},
		{"004_ident.sql", "SELECT \"abc FROM t;\n",
			"/m/004_ident.sql:1:8: unterminated quoted identifier: everything after it to the end of the file is part of it and never runs; close it with \"; fix it (`sqlreview check /m/004_ident.sql` shows it)"},
		{"005_connect.sql", "CREATE TABLE a (id int);\n\\connect reporting\nCREATE TABLE b (id int);\n",
			"/m/005_connect.sql:2: sqlreview runs SQL only and skips psql's \\connect, which switches to another database or user: the statements after it would run on the wrong one; give that database its own migrations"},
		{"006_c.sql", "\\c reporting\nCREATE TABLE b (id int);\n",
			"/m/006_c.sql:1: sqlreview runs SQL only and skips psql's \\c, which switches to another database or user: the statements after it would run on the wrong one; give that database its own migrations"},
		{"007_include.sql", "CREATE TABLE a (id int);\n\\i seed.sql\n",
			"/m/007_include.sql:2: sqlreview runs SQL only and skips psql's \\i, which runs another file: that file would never run; put its statements in this file or in a migration of their own"},
		{"008_ir.sql", "\\ir seed.sql\n",
			"/m/008_ir.sql:1: sqlreview runs SQL only and skips psql's \\ir, which runs another file: that file would never run; put its statements in this file or in a migration of their own"},
		{"009_include_relative.sql", "\\include_relative seed.sql\n",
			"/m/009_include_relative.sql:1: sqlreview runs SQL only and skips psql's \\include_relative, which runs another file: that file would never run; put its statements in this file or in a migration of their own"},
		{"010_gexec.sql", "SELECT 'VACUUM ' || relname FROM pg_class\n\\gexec\n",
			"/m/010_gexec.sql:2: sqlreview runs SQL only and skips psql's \\gexec, which runs the statements the query returns: they would never run; write them out, or build them in a DO block with EXECUTE"},
		{"011_copy.sql", "CREATE TABLE a (id int);\n\\copy a FROM 'a.csv' CSV\n",
			"/m/011_copy.sql:2: sqlreview runs SQL only and skips psql's \\copy, which copies data through a file on the client: nothing would be copied; use INSERT, or COPY with a file on the server"},
		{"012_deep.sql", "SELECT 0;\nSELECT 1" + strings.Repeat("+1", 1500) + ";\n",
			"/m/012_deep.sql:2:2009: statement too deeply nested for the parser (an operator chain of 1500; at most 1000 levels are accepted); split it into smaller expressions or statements; fix it (`sqlreview check /m/012_deep.sql` shows it)"},
	}
	for _, c := range cases {
		_, err := Load("/m/"+c.name, []byte(c.sql), 16)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.name, err, c.want)
		}
	}
}

// Meta-commands that only shape psql's output or variables keep working,
// and so does a \connect in a branch psql never runs.
func TestLoadAllowsHarmlessMetaCommands(t *testing.T) {
	sql := "\\set ON_ERROR_STOP on\n\\echo start\n\\timing on\n\\pset null '-'\n\\if false\n\\connect other\n\\endif\n" +
		"CREATE TABLE a (id int);\nSELECT count(*) AS n FROM a \\gset\n\\echo :n\n"
	m, err := Load("/m/001_ok.sql", []byte(sql), 16)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Statements) != 2 || m.Statements[0].SQL != "CREATE TABLE a (id int)" || m.Statements[1].SQL != "SELECT count(*) AS n FROM a" {
		t.Errorf("statements %+v", m.Statements)
	}
}

// apply, plan and release create refuse, through the binary and with one
// line on standard error (exit 1 for apply and plan, 2 for release create),
// a directory holding a statement that used to crash
// the process (libpg_query's stack overflow), a file whose rest an
// unterminated comment hid, and one with \connect; nothing is applied.
func TestApplyAndReleaseRefuseUnsafeInput(t *testing.T) {
	url := pgtest.NewDB(t)
	cases := []struct{ name, body, want string }{
		{"002_plus.sql", "SELECT 1" + strings.Repeat("+1", 40000) + ";\n",
			"002_plus.sql:1:2009: statement too deeply nested for the parser (an operator chain of 40000; at most 1000 levels are accepted)"},
		{"002_concat.sql", "SELECT 'a'" + strings.Repeat("||'a'", 40000) + ";\n",
			"002_concat.sql:1:5011: statement too deeply nested for the parser (an operator chain of 40000; at most 1000 levels are accepted)"},
		{"002_arrow.sql", "SELECT j" + strings.Repeat("->'a'", 40000) + " FROM t;\n",
			"002_arrow.sql:1:5009: statement too deeply nested for the parser (an operator chain of 40000; at most 1000 levels are accepted)"},
		{"002_paren.sql", "SELECT " + strings.Repeat("(", 40000) + "1" + strings.Repeat(")", 40000) + ";\n",
			"002_paren.sql:1:1008: statement too deeply nested for the parser (40000 nested levels of parentheses, subqueries or CASE; at most 1000 levels are accepted)"},
		{"002_comment.sql", "CREATE TABLE b (id bigint PRIMARY KEY);\n/* oops\nDROP TABLE a;\n",
			"002_comment.sql:2:1: unterminated /* comment: everything after it to the end of the file is part of it and never runs; close it with */"},
		{"002_connect.sql", "\\connect other\nCREATE TABLE b (id bigint PRIMARY KEY);\n",
			"002_connect.sql:1: sqlreview runs SQL only and skips psql's \\connect"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			mig := filepath.Join(dir, "migrations")
			os.MkdirAll(mig, 0o755)
			os.WriteFile(filepath.Join(mig, "001_a.sql"), []byte("CREATE TABLE a (id bigint PRIMARY KEY);\n"), 0o644)
			os.WriteFile(filepath.Join(mig, c.name), []byte(c.body), 0o644)
			os.WriteFile(filepath.Join(dir, ".sqlreview.yaml"), []byte("migrations: {dir: migrations}\n"), 0o644)
			wantLine := "sqlreview: " + filepath.Join(mig, c.want)
			r := runCLI(t, nil, "apply", mig, "--database-url", url)
			if r.code != 1 || !strings.HasPrefix(r.stderr, wantLine) || strings.Count(r.stderr, "\n") != 1 {
				t.Fatalf("apply: exit %d\nstderr %.400q\nwant a line starting %q", r.code, r.stderr, wantLine)
			}
			if n := queryStrings(t, connect(t, url), `SELECT relname::text FROM pg_class WHERE relname IN ('a', 'b')`); len(n) != 0 {
				t.Errorf("apply ran %v", n)
			}
			r = runCLI(t, nil, "plan", mig, "--database-url", url)
			if r.code != 1 || !strings.HasPrefix(r.stderr, wantLine) || strings.Count(r.stderr, "\n") != 1 {
				t.Fatalf("plan: exit %d\nstderr %.400q\nwant a line starting %q", r.code, r.stderr, wantLine)
			}
			r = runCLI(t, nil, "release", "create", "--config", filepath.Join(dir, ".sqlreview.yaml"))
			if r.code != 2 || !strings.HasPrefix(r.stderr, wantLine) || strings.Count(r.stderr, "\n") != 1 {
				t.Fatalf("release create: exit %d\nstderr %.400q\nwant a line starting %q", r.code, r.stderr, wantLine)
			}
		})
	}
}
