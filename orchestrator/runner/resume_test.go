package runner

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
)

// crashApply runs apply with the test hook that SIGKILLs the process right
// after statement n of version 2 ran and before its progress is recorded.
func crashApply(t *testing.T, url, dir string, n int) string {
	t.Helper()
	cmd := exec.Command(cli(t), "apply", dir, "--database-url", url, "--no-review")
	cmd.Env = append(cmd.Environ(), CrashEnv+"=2:"+itoa(n))
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatalf("apply was not killed: %v\n%s", err, out)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !(ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL) && ee.ExitCode() != 137 {
		t.Fatalf("apply was not killed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "killing the process after statement "+itoa(n)+" of 002_") {
		t.Fatalf("the hook did not fire:\n%s", out)
	}
	return string(out)
}

func oneString(t *testing.T, c *pgx.Conn, sql string) string {
	t.Helper()
	v := queryStrings(t, c, sql)
	if len(v) != 1 {
		t.Fatalf("%s: %v", sql, v)
	}
	return v[0]
}

// TestCrashAfterStatementNotRunTwice kills apply right after a statement of
// a statement-by-statement file completed and before its progress was
// recorded, then applies again: the statement must not run twice. Each
// statement under test would fail if it ran twice (no IF EXISTS / IF NOT
// EXISTS), so a rerun that repeated it would fail.
func TestCrashAfterStatementNotRunTwice(t *testing.T) {
	const setup = "CREATE TABLE t (x int, y int);\nCREATE INDEX t_x ON t (x);\nCREATE TABLE log (n int);\n" +
		"CREATE TYPE mood AS ENUM ('sad');\n" +
		"CREATE TABLE p (id int) PARTITION BY RANGE (id);\nCREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"
	cases := []struct {
		name  string
		file  string
		crash int
		// afterCrash is "status applied/total in_flight.statement" right
		// after the kill; in_flight is 0 when none.
		afterCrash string
		// skipped is true when the rerun must recognise the statement as
		// already done from the catalog.
		skipped bool
		check   string // a query whose single result must be "ok" after the rerun
	}{
		{"drop index concurrently", "DROP INDEX CONCURRENTLY t_x;\nCREATE INDEX CONCURRENTLY t_y ON t (y);", 1, "running 0/2 1", true,
			`SELECT CASE WHEN to_regclass('t_x') IS NULL AND (SELECT indisvalid FROM pg_index WHERE indexrelid = 't_y'::regclass) THEN 'ok' END`},
		{"named create index concurrently", "CREATE INDEX CONCURRENTLY t_y ON t (y);\nDROP INDEX CONCURRENTLY t_x;", 1, "running 0/2 1", true,
			`SELECT CASE WHEN to_regclass('t_x') IS NULL AND (SELECT indisvalid FROM pg_index WHERE indexrelid = 't_y'::regclass) THEN 'ok' END`},
		{"unnamed create index concurrently", "CREATE INDEX CONCURRENTLY ON t (y);", 1, "running 0/1 1", true,
			`SELECT CASE WHEN string_agg(indexrelid::regclass::text || ':' || indisvalid, ',' ORDER BY indexrelid::regclass::text) = 't_x:true,t_y_idx:true' THEN 'ok' END
			 FROM pg_index WHERE indrelid = 't'::regclass`},
		{"detach partition concurrently", "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;\nCREATE INDEX CONCURRENTLY t_y ON t (y);", 1, "running 0/2 1", true,
			`SELECT CASE WHEN NOT EXISTS (SELECT FROM pg_inherits WHERE inhrelid = 'p1'::regclass) THEN 'ok' END`},
		// ADD VALUE runs in a transaction since PostgreSQL 12: the kill
		// rolls it back together with its progress.
		{"add enum value in txmode none", "-- sqlreview:txmode none\nALTER TYPE mood ADD VALUE 'happy';\nCREATE TABLE after_enum (m mood);", 1, "running 0/2 0", false,
			`SELECT CASE WHEN (SELECT count(*) FROM pg_enum WHERE enumlabel = 'happy') = 1 AND to_regclass('after_enum') IS NOT NULL THEN 'ok' END`},
		{"insert in txmode none", "-- sqlreview:txmode none\nINSERT INTO log VALUES (1);\nINSERT INTO log VALUES (2);\nCREATE INDEX CONCURRENTLY log_n ON log (n);", 2, "running 1/3 0", false,
			`SELECT CASE WHEN string_agg(n::text, ',' ORDER BY n) = '1,2' THEN 'ok' END FROM log`},
		// The progress of COMMIT is written inside the transaction it ends.
		{"commit of the file's own transaction", "BEGIN;\nINSERT INTO log VALUES (1);\nCOMMIT;\nINSERT INTO log VALUES (2);\nCREATE INDEX CONCURRENTLY log_n ON log (n);", 3, "running 3/5 0", false,
			`SELECT CASE WHEN string_agg(n::text, ',' ORDER BY n) = '1,2' THEN 'ok' END FROM log`},
		{"inside the file's own transaction", "BEGIN;\nINSERT INTO log VALUES (1);\nCOMMIT;\nINSERT INTO log VALUES (2);\nCREATE INDEX CONCURRENTLY log_n ON log (n);", 2, "running 0/5 0", false,
			`SELECT CASE WHEN string_agg(n::text, ',' ORDER BY n) = '1,2' THEN 'ok' END FROM log`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := pgtest.NewDB(t)
			dir := writeDir(t, map[string]string{"001_setup.sql": setup, "002_file.sql": tc.file})
			crashApply(t, url, dir, tc.crash)
			c := connect(t, url)
			got := oneString(t, c, `SELECT status || ' ' || statements_applied || '/' || statements_total || ' ' || coalesce(in_flight->>'statement', '0')
FROM sqlreview.history WHERE version = '2'`)
			if got != tc.afterCrash {
				t.Fatalf("after the kill: %q, want %q", got, tc.afterCrash)
			}
			r := runCLI(t, nil, "apply", dir, "--database-url", url, "--no-review")
			if r.Code != 0 {
				t.Fatalf("rerun: %d\n%s%s", r.Code, r.Stdout, r.Stderr)
			}
			if st := oneString(t, c, `SELECT status || ' ' || statements_applied || ' ' || (in_flight IS NULL) FROM sqlreview.history WHERE version = '2'`); st != "applied "+itoa(strings.Count(tc.file, ";"))+" true" {
				t.Fatalf("history after the rerun: %s\n%s", st, r.Stdout)
			}
			done := queryStrings(t, c, `SELECT (detail->>'statement') || ': ' || (detail->>'reason') FROM sqlreview.events WHERE kind = 'statement-already-done' AND version = '2'`)
			if tc.skipped != (len(done) == 1) || len(done) > 1 {
				t.Fatalf("statement-already-done events: %v\n%s", done, r.Stdout)
			}
			if tc.skipped && (!strings.HasPrefix(done[0], itoa(tc.crash)+": ") || !strings.Contains(r.Stdout, "already done: ")) {
				t.Fatalf("event %v, output:\n%s", done, r.Stdout)
			}
			if ok := queryStrings(t, c, tc.check); len(ok) != 1 || ok[0] != "ok" {
				t.Fatalf("end state check failed: %s\n%s", tc.check, r.Stdout)
			}
		})
	}
}

// TestFailedStatementNotTakenAsDone: a statement the server reported as
// failed is not "maybe done", even when its effect is what the catalog
// shows: DROP INDEX CONCURRENTLY of a missing index keeps failing instead
// of being skipped on the next apply.
func TestFailedStatementNotTakenAsDone(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_t.sql":  "CREATE TABLE t (x int);",
		"002_rm.sql": "DROP INDEX CONCURRENTLY no_such_index;",
	})
	for i := 0; i < 2; i++ {
		_, out, err := apply(t, url, dir)
		if err == nil || !strings.Contains(err.Error(), `"no_such_index" does not exist`) {
			t.Fatalf("apply %d: %v\n%s", i+1, err, out)
		}
	}
	c := connect(t, url)
	if st := oneString(t, c, `SELECT status || ' ' || (in_flight->>'failed') FROM sqlreview.history WHERE version = '2'`); st != "failed true" {
		t.Fatalf("history: %s", st)
	}
}

// TestResolveChecksCatalog checks each catalog test of resolve on the real
// server, for a statement an interrupted run may have completed (prev),
// one the server reported as failed, and a first run.
func TestResolveChecksCatalog(t *testing.T) {
	url := pgtest.NewDB(t)
	c := connect(t, url)
	var db string
	if err := c.QueryRow(context.Background(), `SELECT current_database()`).Scan(&db); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(context.Background(), `CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE t (x int); CREATE TABLE u (x int);
CREATE INDEX u_x ON u (x)`); err != nil {
		t.Fatal(err)
	}
	r, _ := open(t, url, t.TempDir())
	cases := []struct {
		sql  string
		done bool
	}{
		{"ALTER TYPE mood ADD VALUE 'happy'", true},
		{"ALTER TYPE public.mood ADD VALUE 'glad'", false},
		{"CREATE DATABASE " + pgutil.QuoteIdent(db), true},
		{"CREATE DATABASE sqlreview_no_such_db", false},
		{"DROP DATABASE sqlreview_no_such_db", true},
		{"DROP DATABASE " + pgutil.QuoteIdent(db), false},
		{"CREATE TABLESPACE pg_default LOCATION '/nowhere'", true},
		{"DROP TABLESPACE sqlreview_no_such_tablespace", true},
		{"DROP INDEX CONCURRENTLY public.no_such_index", true},
		{"DROP INDEX CONCURRENTLY u_x", false},
		{"CREATE INDEX CONCURRENTLY u_x ON u (x)", true},
		{"CREATE INDEX CONCURRENTLY u_x ON t (x)", false}, // same name, another table
		{"CREATE INDEX CONCURRENTLY t_x ON t (x)", false},
		{"VACUUM t", false},
		{"REINDEX INDEX CONCURRENTLY u_x", false},
	}
	for _, tc := range cases {
		m, err := migration.Load(filepath.Join(t.TempDir(), "0001_x.sql"), []byte(tc.sql+";"), r.ServerMajor)
		if err != nil {
			t.Fatal(err)
		}
		pf := &plan.PendingFile{Migration: m}
		s := m.Statements[0]
		prev := &history.InFlight{Statement: 1, Hash: s.Hash}
		done, why, err := r.resolve(context.Background(), pf, s, prev)
		if err != nil || done != tc.done || done != (why != "") {
			t.Errorf("%s: done=%v why=%q err=%v, want done=%v", tc.sql, done, why, err, tc.done)
		}
		failed := *prev
		failed.Failed = true
		for _, p := range []*history.InFlight{&failed, nil} {
			if done, _, err := r.resolve(context.Background(), pf, s, p); done || err != nil {
				t.Errorf("%s with marker %+v: done=%v err=%v, want not done", tc.sql, p, done, err)
			}
		}
	}
}
