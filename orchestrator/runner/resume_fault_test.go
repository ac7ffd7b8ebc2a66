package runner

import (
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
)

// faultSetup is the first migration of every fault-injection case: a
// schema to put on the search path, and a function that changes the role
// the way a helper in a real history would (set_config inside a function,
// which no SET statement in the file shows).
const faultSetup = `CREATE SCHEMA app;
CREATE FUNCTION public.become(r text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM set_config('role', r, false); END $$;
`

// faultRole owns what the role-changing files create; it exists once per
// server (roles are not per database).
const faultRole = "sqlreview_fault_owner"

// faultFiles are statement-by-statement files whose rerun after an
// interruption ends in another schema unless the session state of the
// interrupted run is restored exactly.
var faultFiles = map[string]string{
	// The repro: set_config, not SET, picks the schema.
	"set_config": `-- sqlreview:txmode none
SELECT set_config('search_path', 'app', false);
SET LOCAL search_path = public;
CREATE TABLE t1 (id int);
CREATE INDEX CONCURRENTLY t1_i ON t1 (id);
CREATE TABLE t2 (id int);
`,
	// The head of every pg_dump output: an empty search_path makes every
	// unqualified name fail, check_function_bodies = off lets a body name a
	// table the empty path cannot find, and SET search_path FROM CURRENT
	// keeps the path in the function.
	"pg_dump": `-- sqlreview:txmode none
SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;
SET default_tablespace = '';
SET default_table_access_method = heap;
CREATE TABLE app.items (id integer NOT NULL, name text);
CREATE FUNCTION app.item_count() RETURNS integer LANGUAGE sql AS $$ SELECT count(*)::integer FROM items $$;
ALTER TABLE ONLY app.items ADD CONSTRAINT items_pkey PRIMARY KEY (id);
CREATE INDEX CONCURRENTLY items_name ON app.items USING btree (name);
CREATE FUNCTION app.item_names() RETURNS SETOF text LANGUAGE sql SET search_path FROM CURRENT AS $$ SELECT name FROM app.items $$;
`,
	// A setting made inside the file's own block survives its COMMIT; SET
	// LOCAL does not, even where it came after it.
	"block": `BEGIN;
SELECT set_config('search_path', 'app', false);
SET LOCAL search_path = public;
CREATE TABLE in_block (id int);
COMMIT;
CREATE TABLE after_block (id int);
CREATE INDEX CONCURRENTLY after_block_i ON after_block (id);
CREATE TABLE last_one (id int);
`,
	// The role changed inside a function, and the session user.
	"role": `-- sqlreview:txmode none
SELECT public.become('` + faultRole + `');
CREATE TABLE by_function (id int);
CREATE INDEX CONCURRENTLY by_function_i ON by_function (id);
RESET ROLE;
SET SESSION AUTHORIZATION ` + faultRole + `;
CREATE TABLE by_session_user (id int);
VACUUM by_session_user;
CREATE TABLE still_session_user (id int);
`,
}

// dumpWithOwners is pg_dump -s of everything but the history, with owners
// (a rerun in the wrong role shows up as another owner).
func dumpWithOwners(t *testing.T, url string) string {
	return pgtest.PgDumpSchema(t, url, "--no-privileges", "-N", "sqlreview")
}

// interruptedApply applies dir with the connection cut right after
// statement n of version 2 ran, before its progress is recorded: what a
// kill does, in this process.
func interruptedApply(t *testing.T, url, dir string, n int) {
	t.Helper()
	r, out := open(t, url, dir)
	r.crash = &crashHook{version: "2", n: n, interrupt: func() {
		_ = r.conn.PgConn().Conn().Close()
		runtime.Goexit()
	}}
	cut := make(chan bool)
	go func() {
		finished := false
		defer func() { cut <- !finished }()
		_, err := r.Apply(context.Background())
		if err != nil {
			t.Errorf("interrupted apply failed before the interruption: %v\n%s", err, out)
		}
		finished = true
	}()
	if !<-cut {
		t.Fatalf("apply finished without reaching statement %d:\n%s", n, out)
	}
}

// TestResumeEveryBoundary interrupts each statement-by-statement file
// after every statement and applies again: the schema must be the one an
// uninterrupted run makes.
func TestResumeEveryBoundary(t *testing.T) {
	admin := connect(t, pgtest.NewDB(t))
	if _, err := admin.Exec(context.Background(), `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '`+faultRole+`') THEN CREATE ROLE `+faultRole+` SUPERUSER; END IF;
END $$`); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"set_config", "pg_dump", "block", "role"} {
		file := faultFiles[name]
		dir := writeDir(t, map[string]string{"001_setup.sql": faultSetup, "002_" + name + ".sql": file})
		m, err := migration.Load(filepath.Join(dir, "002_"+name+".sql"), []byte(file), 15)
		if err != nil || m.TxMode != migration.TxNone {
			t.Fatalf("%s: %v %v", name, m, err)
		}
		url := pgtest.NewDB(t)
		if _, out, err := apply(t, url, dir); err != nil {
			t.Fatalf("%s: uninterrupted apply: %v\n%s", name, err, out)
		}
		want := dumpWithOwners(t, url)
		for n := 1; n <= len(m.Statements); n++ {
			t.Run(name+"/after_"+itoa(n), func(t *testing.T) {
				url := pgtest.NewDB(t)
				interruptedApply(t, url, dir, n)
				_, out, err := apply(t, url, dir)
				if err != nil {
					t.Fatalf("rerun: %v\n%s", err, out)
				}
				if got := dumpWithOwners(t, url); got != want {
					t.Fatalf("the resumed run's schema differs from an uninterrupted run's: %s\nrerun output:\n%s", firstDiff(want, got), out)
				}
			})
		}
	}
}

// TestResumeRowFromOlderVersion: a history table made by a version that
// recorded no session state gets the column on the next apply, and a file
// that version left interrupted resumes as that version did, by running
// the SET statements before the resume point again.
func TestResumeRowFromOlderVersion(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_setup.sql": faultSetup,
		"002_x.sql":     "-- sqlreview:txmode none\nSET search_path = app;\nCREATE TABLE t1 (id int);\nCREATE INDEX CONCURRENTLY t1_i ON t1 (id);\nCREATE TABLE t2 (id int);",
	})
	interruptedApply(t, url, dir, 3)
	c := connect(t, url)
	if _, err := c.Exec(context.Background(), `ALTER TABLE sqlreview.history DROP COLUMN session_state;
UPDATE sqlreview.meta SET value = 'older' WHERE key = 'ddl'`); err != nil {
		t.Fatal(err)
	}
	if _, out, err := apply(t, url, dir); err != nil || !strings.Contains(out, "resuming at statement 3") {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	if got := strings.Join(queryStrings(t, c, `SELECT relnamespace::regnamespace || '.' || relname FROM pg_class WHERE relname IN ('t1', 't2', 't1_i') ORDER BY relname`), " "); got != "app.t1 app.t1_i app.t2" {
		t.Fatalf("objects: %s", got)
	}
	if st := oneString(t, c, `SELECT status || ' ' || (session_state IS NULL) FROM sqlreview.history WHERE version = '2'`); st != "applied true" {
		t.Fatalf("history: %s", st)
	}
}

// TestNoneRoleDoesNotLeakIntoNextFile: the role and the session user a
// file switched to end with the file, as they would with a session per
// file (RESET ALL leaves both alone).
func TestNoneRoleDoesNotLeakIntoNextFile(t *testing.T) {
	url := pgtest.NewDB(t)
	c := connect(t, url)
	if _, err := c.Exec(context.Background(), `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '`+faultRole+`') THEN CREATE ROLE `+faultRole+` SUPERUSER; END IF;
END $$`); err != nil {
		t.Fatal(err)
	}
	dir := writeDir(t, map[string]string{
		"001_setup.sql": faultSetup,
		"002_role.sql":  faultFiles["role"],
		"003_next.sql":  "CREATE TABLE next_file (id int);",
		"004_next.sql":  "-- sqlreview:txmode none\nCREATE TABLE next_none (id int);",
	})
	if _, out, err := apply(t, url, dir); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	got := strings.Join(queryStrings(t, c, `SELECT relname || ':' || pg_get_userbyid(relowner) FROM pg_class WHERE relname IN ('still_session_user', 'next_file', 'next_none') ORDER BY relname`), " ")
	if want := "next_file:postgres next_none:postgres still_session_user:" + faultRole; got != want {
		t.Fatalf("owners: %s, want %s", got, want)
	}
}
