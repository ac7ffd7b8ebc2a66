package migration

import (
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/knowledge"
)

func mig(t *testing.T, name, sql string) *Migration {
	t.Helper()
	m, err := Load("/m/"+name, []byte(sql), 15)
	if err != nil {
		t.Fatalf("Load %s: %v", name, err)
	}
	return m
}

func TestChecksumNormalizesLineEndings(t *testing.T) {
	if Checksum([]byte("a;\r\nb;\r\n")) != Checksum([]byte("a;\nb;\n")) {
		t.Fatal("CRLF and LF checksums differ")
	}
	if Checksum([]byte("a;")) == Checksum([]byte("b;")) {
		t.Fatal("different content, same checksum")
	}
}

func TestClassifyTxMode(t *testing.T) {
	cases := []struct {
		name, sql, mode, errPart string
	}{
		{"001_plain.sql", "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int;", TxFile, ""},
		{"002_cic.sql", "SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY a_b ON a (b);", TxNone, ""},
		{"003_mixed.sql", "CREATE TABLE c (id int);\nCREATE INDEX CONCURRENTLY c_id ON c (id);", "", "003_mixed.sql:2: CREATE INDEX CONCURRENTLY cannot run inside a transaction, but line 1"},
		{"004_mixed_directive.sql", "-- sqlreview:txmode none\nCREATE TABLE c (id int);\nCREATE INDEX CONCURRENTLY c_id ON c (id);", TxNone, ""},
		{"005_wrapped.sql", "BEGIN;\nCREATE TABLE d (id int);\nCOMMIT;", TxFile, ""},
		{"006_own_tx.sql", "CREATE TABLE e (id int);\nBEGIN;\nINSERT INTO e VALUES (1);\nCOMMIT;", TxNone, ""},
		{"007_force_file.sql", "-- sqlreview:txmode file\nVACUUM a;", "", "`sqlreview:txmode file`, but VACUUM cannot run inside a transaction"},
		{"008_bad_directive.sql", "-- sqlreview:txmode maybe\nSELECT 1;", "", "use `-- sqlreview:txmode none`"},
		{"009_syntax.sql", "CREATE TABLE (;", "", "009_syntax.sql:1:14: syntax error at or near \"(\"; fix it (`sqlreview check /m/009_syntax.sql` shows it)"},
		{"010_timeouts.sql", "-- sqlreview:lock-timeout 10s\n-- sqlreview:statement-timeout 5min\nSELECT 1;", TxFile, ""},
	}
	for _, c := range cases {
		m, err := Load("/m/"+c.name, []byte(c.sql), 15)
		if c.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), c.errPart) {
				t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.errPart)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if m.TxMode != c.mode {
			t.Errorf("%s: txmode %s (%s), want %s", c.name, m.TxMode, m.TxReason, c.mode)
		}
	}
	m := mig(t, "005_wrapped.sql", "BEGIN;\nCREATE TABLE d (id int);\nCOMMIT;")
	if !m.Statements[0].Wrapper || m.Statements[1].Wrapper || !m.Statements[2].Wrapper {
		t.Errorf("wrapper flags wrong: %+v", m.Statements)
	}
	m = mig(t, "010_timeouts.sql", "-- sqlreview:lock-timeout 10s\n-- sqlreview:statement-timeout 5min\nSELECT 1;")
	if m.LockTimeout != "10s" || m.StatementTimeout != "5min" {
		t.Errorf("timeouts %q %q", m.LockTimeout, m.StatementTimeout)
	}
}

func TestLockLevel(t *testing.T) {
	cases := map[string]knowledge.LockMode{
		"ALTER TABLE a ADD COLUMN b int":                                  knowledge.AccessExclusive,
		"ALTER TABLE a VALIDATE CONSTRAINT c":                             knowledge.ShareUpdateExclusive,
		"ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES b (y)": knowledge.ShareRowExclusive,
		"ALTER TABLE a DETACH PARTITION a1 CONCURRENTLY":                  knowledge.ShareUpdateExclusive,
		"ALTER TABLE a ENABLE ALWAYS TRIGGER tr":                          knowledge.ShareRowExclusive,
		"ALTER TABLE a ENABLE REPLICA TRIGGER tr":                         knowledge.ShareRowExclusive,
		"LOCK TABLE a IN SHARE MODE":                                      knowledge.Share,
		"CREATE INDEX i ON a (b)":                                         knowledge.Share,
		"CREATE INDEX CONCURRENTLY i ON a (b)":                            knowledge.ShareUpdateExclusive,
		"UPDATE a SET b = 1":                                              knowledge.RowExclusive,
		"CREATE TABLE n (id int)":                                         knowledge.NoLock,
	}
	for sql, want := range cases {
		m := mig(t, "001_x.sql", sql+";")
		if got := m.Statements[0].Lock; got != want.String() {
			t.Errorf("%s: lock %q, want %q", sql, got, want)
		}
	}
}

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
