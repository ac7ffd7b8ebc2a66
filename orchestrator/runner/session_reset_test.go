package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// observeSQL records, in the file after a file that made some session
// state, what of it the session still holds.
func observeSQL(label string) string {
	return `INSERT INTO public.observed SELECT '` + label + `', pg_catalog.current_setting('search_path'), current_user, session_user,
  (SELECT count(*) FROM pg_catalog.pg_class WHERE relpersistence = 't'), (SELECT count(*) FROM pg_catalog.pg_prepared_statements WHERE from_sql),
  (SELECT count(*) FROM pg_catalog.pg_cursors WHERE is_holdable), (SELECT count(*) FROM pg_catalog.pg_listening_channels());`
}

const resetRole = "sqlreview_reset_role"

// TestSessionStateDoesNotLeakBetweenFiles: whatever session state a
// transactional file makes — a setting, the role, the session user, a
// temporary table, a prepared statement (made by PREPARE or from a DO
// block), a cursor WITH HOLD, a LISTEN,
// a setting changed by code (a set_config() call, a function called by a
// column default over existing rows, an event trigger fired by the next
// plain DDL file, one that was there before the apply started) — is gone
// in the next file, as with a session per file, although plain DDL files
// are not reset.
func TestSessionStateDoesNotLeakBetweenFiles(t *testing.T) {
	url := pgtest.NewDB(t)
	c := connect(t, url)
	if _, err := c.Exec(context.Background(), `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '`+resetRole+`') THEN CREATE ROLE `+resetRole+` NOLOGIN SUPERUSER; END IF;
END $$`); err != nil {
		t.Fatal(err)
	}
	makers := []struct{ label, sql string }{
		{"set", "SET search_path = app, public;\nCREATE TABLE app.t1 (id int);"},
		{"role", "SET ROLE " + resetRole + ";"},
		{"session-authorization", "SET SESSION AUTHORIZATION " + resetRole + ";"},
		{"temp", "CREATE TEMP TABLE scratch (x int);"},
		{"prepare", "PREPARE p AS SELECT 1;"},
		{"prepare-from-code", "DO $$ BEGIN EXECUTE 'PREPARE q AS SELECT 1'; END $$;"},
		{"cursor", "DECLARE c CURSOR WITH HOLD FOR SELECT 1;"},
		{"listen", "LISTEN ch;"},
		{"set-config", "SELECT set_config('search_path', 'app', false);"},
		{"column-default", "ALTER TABLE app.filled ADD COLUMN n int DEFAULT app.sneaky();"},
		{"event-trigger", "CREATE EVENT TRIGGER sneaky_ddl ON ddl_command_end EXECUTE FUNCTION app.on_ddl();"},
		{"after-event-trigger", "CREATE TABLE plain_after_trigger (id int);"},
	}
	files := map[string]string{"001_setup.sql": `CREATE SCHEMA app;
CREATE TABLE public.observed (label text, search_path text, usr text, session_usr text, temps int, prepared int, cursors int, listens int);
CREATE FUNCTION app.sneaky() RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM set_config('search_path', 'app', false); RETURN 1; END $$;
CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM set_config('search_path', 'app', false); END $$;
CREATE TABLE app.filled (id int);
INSERT INTO app.filled VALUES (1);`}
	var want []string
	for i, m := range makers {
		files[fmt.Sprintf("%03d_%s.sql", 2*i+2, m.label)] = m.sql
		files[fmt.Sprintf("%03d_observe.sql", 2*i+3)] = observeSQL(m.label)
		want = append(want, m.label+` "$user", public postgres postgres 0 0 0 0`)
	}
	dir := writeDir(t, files)
	if _, out, err := apply(t, url, dir); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	// A second apply starts with the event trigger already there.
	n := 2*len(makers) + 2
	for name, sql := range map[string]string{fmt.Sprintf("%03d_plain.sql", n): "CREATE TABLE plain_second_run (id int);",
		fmt.Sprintf("%03d_observe.sql", n+1): observeSQL("second-run")} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want = append(want, `second-run "$user", public postgres postgres 0 0 0 0`)
	if _, out, err := apply(t, url, dir); err != nil {
		t.Fatalf("second apply: %v\n%s", err, out)
	}
	got := queryStrings(t, c, `SELECT concat_ws(' ', label, search_path, usr, session_usr, temps, prepared, cursors, listens) FROM public.observed ORDER BY ctid`)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("what the file after each one saw:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFilesDeallocatingPreparedStatements: a file that deallocates the
// session's prepared statements, itself or from code, is applied and
// recorded like any other between plain files (whose history statement is
// prepared once per session).
func TestFilesDeallocatingPreparedStatements(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_a.sql":          "CREATE TABLE a (id int);",
		"002_deallocate.sql": "DEALLOCATE ALL;",
		"003_b.sql":          "CREATE TABLE b (id int);",
		"004_do.sql":         "DO $$ BEGIN EXECUTE 'DEALLOCATE ALL'; END $$;",
		"005_c.sql":          "CREATE TABLE c (id int);",
	})
	if _, out, err := apply(t, url, dir); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	got := queryStrings(t, connect(t, url), `SELECT version || ' ' || status FROM sqlreview.history ORDER BY version`)
	if want := "1 applied|2 applied|3 applied|4 applied|5 applied"; strings.Join(got, "|") != want {
		t.Fatalf("history: %q, want %s", got, want)
	}
}
