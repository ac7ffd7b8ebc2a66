package runner

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
)

// TestNoneNotResumableRefused: a statement-by-statement file that makes
// session state no new session can rebuild is refused when it is read, so
// plan, apply and release create refuse it, with the line and the fix.
func TestNoneNotResumableRefused(t *testing.T) {
	const cic = "CREATE INDEX CONCURRENTLY t_x ON t (x);\n"
	const why = "directive sqlreview:txmode none"
	const tail = " makes session state that a rerun after an interruption cannot rebuild, and this file runs statement by statement ("
	cases := []struct {
		name, sql, want string
	}{
		{"temp table", "-- sqlreview:txmode none\n" + cic + "CREATE TEMP TABLE scratch (id int);\nINSERT INTO scratch VALUES (1);",
			"3: not resumable: CREATE TEMPORARY TABLE" + tail + why + "); use a regular table and drop it at the end of the file (or ON COMMIT DROP inside a BEGIN ... COMMIT block of the file), or move the work to a file that runs in one transaction"},
		{"temp table as", "-- sqlreview:txmode none\nCREATE TEMPORARY TABLE s AS SELECT 1 AS x;",
			"2: not resumable: CREATE TEMPORARY TABLE ... AS" + tail + "directive sqlreview:txmode none); use a regular table"},
		{"select into temp", "-- sqlreview:txmode none\nSELECT 1 AS x INTO TEMP s;",
			"2: not resumable: SELECT ... INTO TEMPORARY" + tail},
		{"pg_temp table", "-- sqlreview:txmode none\nCREATE TABLE pg_temp.s (x int);",
			"2: not resumable: CREATE TEMPORARY TABLE" + tail},
		{"temp view", "-- sqlreview:txmode none\nCREATE TEMP VIEW v AS SELECT 1;", "2: not resumable: CREATE TEMPORARY VIEW" + tail},
		{"temp function", "-- sqlreview:txmode none\nCREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
			"2: not resumable: a function in pg_temp" + tail},
		{"prepare", "-- sqlreview:txmode none\nVACUUM t;\nPREPARE q AS SELECT 1;\nEXECUTE q;",
			"3: not resumable: PREPARE" + tail + why + "); write the statement out where it is EXECUTEd, or move the work"},
		{"cursor with hold", "BEGIN;\nDECLARE c CURSOR WITH HOLD FOR SELECT 1;\nCOMMIT;\nFETCH c;",
			"2: not resumable: DECLARE ... WITH HOLD" + tail + "the file controls transactions itself (BEGIN/COMMIT inside)); declare the cursor without WITH HOLD"},
		{"listen", "-- sqlreview:txmode none\nLISTEN jobs;", "2: not resumable: LISTEN" + tail},
		{"temp table after its block", "BEGIN;\nCOMMIT;\nCREATE TEMP TABLE s (x int) ON COMMIT DROP;",
			"3: not resumable: CREATE TEMPORARY TABLE" + tail},
		// Allowed: the state dies with the file's own block, or the file
		// runs in one transaction.
		{"on commit drop in the block", "BEGIN;\nCREATE TEMP TABLE s (x int) ON COMMIT DROP;\nINSERT INTO s VALUES (1);\nCOMMIT;\n" + cic, ""},
		{"cursor in the block", "BEGIN;\nDECLARE c CURSOR FOR SELECT 1;\nFETCH c;\nCOMMIT;\n" + cic, ""},
		{"temp table in one transaction", "CREATE TEMP TABLE s (x int);\nPREPARE q AS SELECT 1;\nLISTEN jobs;", ""},
	}
	for _, tc := range cases {
		path := filepath.Join(t.TempDir(), "002_x.sql")
		_, err := migration.Load(path, []byte(tc.sql), 15)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), path+":"+tc.want)):
			t.Errorf("%s:\n got %v\nwant %s:%s…", tc.name, err, path, tc.want)
		}
	}
}

// TestNoneNotResumableRuntimeGuard: state the file makes where Load cannot
// see it (here a DO block) is recorded with the progress, and a resumed
// run refuses to continue without it instead of running on in a session
// that lacks it.
func TestNoneNotResumableRuntimeGuard(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_t.sql": "CREATE TABLE t (x int);",
		"002_x.sql": "-- sqlreview:txmode none\nDO $$ BEGIN CREATE TEMP TABLE scratch (x int); END $$;\nCREATE INDEX CONCURRENTLY t_x ON t (x);\nINSERT INTO t SELECT x FROM scratch;",
	})
	interruptedApply(t, url, dir, 2)
	_, out, err := apply(t, url, dir)
	want := filepath.Join(dir, "002_x.sql") + ": the interrupted run cannot be resumed at statement 2: its session held temporary table scratch, which a new session cannot rebuild; " +
		"restore the database to before the file, change the file so that it keeps no such state from one statement to the next, and apply again; 1 of 3 statements are applied; apply again to resume at statement 2"
	if err == nil || !strings.HasSuffix(err.Error(), want) || strings.Count(err.Error(), "@") != 1 {
		t.Fatalf("rerun:\n got %v\nwant …%s\n%s", err, want, out)
	}
	c := connect(t, url)
	if st := oneString(t, c, `SELECT status || ' ' || statements_applied FROM sqlreview.history WHERE version = '2'`); st != "failed 1" {
		t.Fatalf("history: %s", st)
	}
}

// TestNoneNotResumableReleaseCreate: release create refuses the file with
// one line naming it, the line and the fix.
func TestNoneNotResumableReleaseCreate(t *testing.T) {
	dir := writeDir(t, map[string]string{"002_x.sql": "-- sqlreview:txmode none\nCREATE INDEX CONCURRENTLY t_x ON t (x);\nLISTEN jobs;\n"})
	r := runCLIIn(t, dir, "release", "create", dir)
	want := "sqlreview: " + filepath.Join(dir, "002_x.sql") + ":3: not resumable: LISTEN makes session state that a rerun after an interruption cannot rebuild, " +
		"and this file runs statement by statement (directive sqlreview:txmode none); remove it: a migration does not receive notifications, or move the work to a file that runs in one transaction\n"
	if r.Code != 2 || r.Stderr != want || r.Stdout != "" {
		t.Fatalf("release create: %d\nstdout: %s\nstderr: %q\nwant:   %q", r.Code, r.Stdout, r.Stderr, want)
	}
}

// TestNoneSessionStartsClean: what an earlier file left in the session (a
// temporary table, a prepared statement) ends with that file, as with a
// session per file, so a later statement-by-statement file neither sees it
// nor is taken as holding state it cannot rebuild.
func TestNoneSessionStartsClean(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_t.sql": "CREATE TABLE t (x int);\nCREATE TEMP TABLE scratch AS SELECT 1 AS x;\nPREPARE q AS SELECT 1;\nINSERT INTO t SELECT x FROM scratch;",
		"002_x.sql": "-- sqlreview:txmode none\nCREATE TABLE u (x int);\nCREATE INDEX CONCURRENTLY t_x ON t (x);\nCREATE TABLE scratch (x int);",
	})
	interruptedApply(t, url, dir, 2)
	if _, out, err := apply(t, url, dir); err != nil || !strings.Contains(out, "resuming at statement 2") {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	c := connect(t, url)
	if got := oneString(t, c, `SELECT relnamespace::regnamespace::text FROM pg_class WHERE relname = 'scratch'`); got != "public" {
		t.Fatalf("scratch is in %s", got)
	}
}
