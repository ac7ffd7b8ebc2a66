package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

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
			if r.Code != 1 || !strings.HasPrefix(r.Stderr, wantLine) || strings.Count(r.Stderr, "\n") != 1 {
				t.Fatalf("apply: exit %d\nstderr %.400q\nwant a line starting %q", r.Code, r.Stderr, wantLine)
			}
			if n := queryStrings(t, connect(t, url), `SELECT relname::text FROM pg_class WHERE relname IN ('a', 'b')`); len(n) != 0 {
				t.Errorf("apply ran %v", n)
			}
			r = runCLI(t, nil, "plan", mig, "--database-url", url)
			if r.Code != 1 || !strings.HasPrefix(r.Stderr, wantLine) || strings.Count(r.Stderr, "\n") != 1 {
				t.Fatalf("plan: exit %d\nstderr %.400q\nwant a line starting %q", r.Code, r.Stderr, wantLine)
			}
			r = runCLI(t, nil, "release", "create", "--config", filepath.Join(dir, ".sqlreview.yaml"))
			if r.Code != 2 || !strings.HasPrefix(r.Stderr, wantLine) || strings.Count(r.Stderr, "\n") != 1 {
				t.Fatalf("release create: exit %d\nstderr %.400q\nwant a line starting %q", r.Code, r.Stderr, wantLine)
			}
		})
	}
}
