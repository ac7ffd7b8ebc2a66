package runner

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// TestPipelinedFileFailsMidway: a transactional file travels as one
// pipeline, yet a statement failing in the middle is still named by its
// file, line and index, the server's position is relative to that
// statement, the statements before it are rolled back with it, nothing after
// it runs, and the connection goes on to the next apply clean.
func TestPipelinedFileFailsMidway(t *testing.T) {
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{
		"001_a.sql": "CREATE TABLE a (id int);",
		"002_mid.sql": "CREATE TABLE b (id int);\nSET search_path = nowhere, public;\n" +
			"INSERT INTO b VALUES (1);\nINSERT INTO b SELECT nope FROM a;\nCREATE TABLE c (id int);\n",
	})
	r, out := open(t, url, dir)
	_, err := r.Apply(context.Background())
	want := r.Target + ": " + filepath.Join(dir, "002_mid.sql") + `:4: statement 4 failed: ERROR: column "nope" does not exist (SQLSTATE 42703); the file was rolled back; fix the cause and apply again`
	if err == nil || err.Error() != want {
		t.Fatalf("err =\n%v\nwant\n%s\n%s", err, want, out)
	}
	var se *StmtError
	var pe *pgconn.PgError
	if !errors.As(err, &se) || se.Index != 3 || !errors.As(err, &pe) || pe.Position != int32(len("INSERT INTO b SELECT ")+1) {
		t.Fatalf("statement error %+v, server error %+v", se, pe)
	}
	c := connect(t, url)
	if got := queryStrings(t, c, `SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class WHERE relname IN ('a', 'b', 'c') AND relkind = 'r'`); len(got) != 1 || got[0] != "a" {
		t.Fatalf("tables after the failure: %v", got)
	}
	if got := queryStrings(t, c, `SELECT version || ' ' || status || ' ' || statements_applied || ' ' || coalesce(failing_statement, '') FROM sqlreview.history ORDER BY version`); strings.Join(got, "|") !=
		"1 applied 1 |2 failed 0 INSERT INTO b SELECT nope FROM a" {
		t.Fatalf("history: %q", got)
	}
	if kinds := eventKinds(t, c); count(kinds, "file-failed:2") != 1 || count(kinds, "file-applied:2") != 0 {
		t.Fatalf("events: %v", kinds)
	}
	// The same runner (same session) applies the fixed file: the failed
	// attempt left no transaction open and no search_path behind.
	if err := os.WriteFile(filepath.Join(dir, "002_mid.sql"), []byte("CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Apply(context.Background()); err != nil {
		t.Fatalf("apply after the fix: %v\n%s", err, out)
	}
	if got := queryStrings(t, c, `SELECT status FROM sqlreview.history WHERE version = '2'`); len(got) != 1 || got[0] != "applied" {
		t.Fatalf("history after the fix: %v", got)
	}
	if got := queryStrings(t, c, `SELECT count(*)::text FROM public.b`); got[0] != "1" {
		t.Fatalf("rows in b: %v", got)
	}
	// The duration is measured by the server inside the pipeline and is
	// the same in the history row and the file-applied event.
	if got := queryStrings(t, c, `SELECT (h.duration_ms >= 0 AND h.finished_at = h.started_at + h.duration_ms * interval '1 millisecond'
  AND (e.detail->>'durationMs')::bigint = h.duration_ms)::text
FROM sqlreview.history h JOIN sqlreview.events e ON e.version = h.version AND e.kind = 'file-applied' WHERE h.version = '2'`); len(got) != 1 || got[0] != "true" {
		t.Fatalf("duration of the applied file: %v", got)
	}
}

// writeCounter counts the writes on a socket: pgx sends a query, or a
// pipeline of them, in one write, so this is the client's round trips.
type writeCounter struct {
	net.Conn
	n *atomic.Int64
}

func (w writeCounter) Write(b []byte) (int, error) {
	w.n.Add(1)
	return w.Conn.Write(b)
}

// TestTransactionalFileIsOneRoundTrip: the round trips of a transactional
// file do not grow with its statements — a 20-statement file costs what a
// one-statement file costs (before, one round trip per statement).
func TestTransactionalFileIsOneRoundTrip(t *testing.T) {
	count := func(stmts int) int64 {
		var sql strings.Builder
		for i := 0; i < stmts; i++ {
			fmt.Fprintf(&sql, "CREATE TABLE t%d (id int);\n", i)
		}
		dir := writeDir(t, map[string]string{"001_many.sql": sql.String()})
		var n atomic.Int64
		_, out, err := apply(t, pgtest.NewDB(t), dir, func(o *Options) {
			o.wrapConn = func(c net.Conn) net.Conn { return writeCounter{c, &n} }
		})
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return n.Load()
	}
	one, twenty := count(1), count(20)
	if twenty != one {
		t.Fatalf("a 20-statement file took %d writes to the server, a 1-statement file %d; want the same", twenty, one)
	}
}

// messageCounter counts the Parse and Bind messages the client sends:
// the statements the server parses (and plans), and the statements it
// runs. Messages before the startup message carry no type byte
// (SSLRequest, the startup message itself).
type messageCounter struct {
	net.Conn
	parse, bind *atomic.Int64
	started     *atomic.Bool
	buf         *[]byte
	// hits counts the Parse and Query messages whose text holds needle.
	needle string
	hits   *atomic.Int64
}

func (p messageCounter) Write(b []byte) (int, error) {
	*p.buf = append(*p.buf, b...)
	for {
		buf := *p.buf
		if !p.started.Load() {
			if len(buf) < 8 {
				break
			}
			size := int(binary.BigEndian.Uint32(buf))
			if len(buf) < size {
				break
			}
			if binary.BigEndian.Uint32(buf[4:]) == 196608 { // protocol 3.0: the startup message
				p.started.Store(true)
			}
			*p.buf = buf[size:]
			continue
		}
		if len(buf) < 5 {
			break
		}
		size := 1 + int(binary.BigEndian.Uint32(buf[1:]))
		if len(buf) < size {
			break
		}
		switch buf[0] {
		case 'P':
			p.parse.Add(1)
		case 'B':
			p.bind.Add(1)
		}
		if p.needle != "" && (buf[0] == 'P' || buf[0] == 'Q') && bytes.Contains(buf[5:size], []byte(p.needle)) {
			p.hits.Add(1)
		}
		*p.buf = buf[size:]
	}
	return p.Conn.Write(b)
}

// wireCounts applies files to a new database and returns the Parse and
// Bind messages the runner sent.
func wireCounts(t *testing.T, files map[string]string) (parse, bind int64) {
	t.Helper()
	dir := writeDir(t, files)
	var p, b atomic.Int64
	var started atomic.Bool
	var buf []byte
	_, out, err := apply(t, pgtest.NewDB(t), dir, func(o *Options) {
		o.wrapConn = func(c net.Conn) net.Conn {
			return messageCounter{Conn: c, parse: &p, bind: &b, started: &started, buf: &buf}
		}
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return p.Load(), b.Load()
}

// TestAppliedFileStatementsOnTheWire: besides its own statements, a
// transactional file of plain DDL costs the server BEGIN, the two
// timeouts (SET LOCAL), the statement writing its history row and its
// file-applied event — prepared once per session, so bound and run but
// not parsed again — and COMMIT: no session reset, as plain DDL leaves no
// session state. A file that sets a setting gets the reset of settings; a
// file that may run code (a DO block) gets the whole reset, the history
// statement as text (it may deallocate prepared statements), a look at
// the prepared statements (the ones PREPARE made are deallocated, the
// runner's own is kept) and a check for event triggers; the next plain
// file finds the history statement still prepared.
func TestAppliedFileStatementsOnTheWire(t *testing.T) {
	checkInterval := int64(0) // SET client_connection_check_interval after RESET ALL
	if pgtest.Shared(t).Major >= 14 {
		checkInterval = 1
	}
	first := map[string]string{"001_a.sql": "CREATE TABLE a (id int);"}
	with := func(more map[string]string) map[string]string {
		all := map[string]string{}
		for k, v := range first {
			all[k] = v
		}
		for k, v := range more {
			all[k] = v
		}
		return all
	}
	baseParse, baseBind := wireCounts(t, first)
	for _, tt := range []struct {
		name        string
		files       map[string]string
		parse, bind int64
	}{
		{"two plain files, three statements", map[string]string{"002_b.sql": "CREATE TABLE b (id int);\nALTER TABLE b ADD COLUMN x int;", "003_c.sql": "CREATE INDEX ON a (id);"},
			2*4 + 3, 2*5 + 3},
		{"a file setting search_path", map[string]string{"002_b.sql": "SET search_path = public;\nCREATE TABLE b (id int);"},
			4 + 2 + 1 + checkInterval, 5 + 2 + 1 + checkInterval},
		{"a DO block, then a plain file", map[string]string{"002_do.sql": "DO $$ BEGIN PERFORM 1; END $$;", "003_c.sql": "CREATE TABLE c (id int);"},
			(6 + 6 + checkInterval + 2) + (4 + 1), (6 + 6 + checkInterval + 2) + (5 + 1)},
	} {
		parse, bind := wireCounts(t, with(tt.files))
		if parse-baseParse != tt.parse || bind-baseBind != tt.bind {
			t.Errorf("%s: %d Parse and %d Bind messages more than the first file alone; want %d and %d", tt.name, parse-baseParse, bind-baseBind, tt.parse, tt.bind)
		}
	}
}

// TestStatementByStatementProgressReadsStateOnce: the progress writes of a
// statement-by-statement file read the whole session state (pg_settings
// and the rest) once, before the first statement, while its statements
// cannot change it, and after every statement from the first one that
// may; what they record is what reading it would give.
func TestStatementByStatementProgressReadsStateOnce(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		reads      int64
	}{
		{"plain", "-- sqlreview:txmode none\nCREATE TABLE t1 (id int);\nCREATE INDEX CONCURRENTLY t1_i ON t1 (id);\nCREATE TABLE t2 (id int);", 1},
		{"a SET in the middle", "-- sqlreview:txmode none\nCREATE TABLE t1 (id int);\nSET search_path = public;\nCREATE INDEX CONCURRENTLY t1_i ON t1 (id);", 1 + 2},
	} {
		url := pgtest.NewDB(t)
		dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int);", "002_none.sql": tt.file})
		var p, b, hits atomic.Int64
		var started atomic.Bool
		var buf []byte
		_, out, err := apply(t, url, dir, func(o *Options) {
			o.wrapConn = func(c net.Conn) net.Conn {
				return messageCounter{Conn: c, parse: &p, bind: &b, started: &started, buf: &buf, needle: "pg_settings", hits: &hits}
			}
		})
		if err != nil {
			t.Fatalf("%s: %v\n%s", tt.name, err, out)
		}
		if hits.Load() != tt.reads {
			t.Errorf("%s: the session state was read by %d statements, want %d", tt.name, hits.Load(), tt.reads)
		}
	}
	// The state recorded as a constant is the one read: a run interrupted
	// at the third statement recorded, after the second, the state of a
	// session that has changed nothing.
	url := pgtest.NewDB(t)
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int);",
		"002_none.sql": "-- sqlreview:txmode none\nCREATE TABLE t1 (id int);\nCREATE INDEX CONCURRENTLY t1_i ON t1 (id);\nCREATE TABLE t2 (id int);"})
	interruptedApply(t, url, dir, 3)
	got := queryStrings(t, connect(t, url), `SELECT statements_applied || ' ' || session_state::text FROM sqlreview.history WHERE version = '2'`)
	if want := `2 {"lost": null, "role": "none", "settings": {}, "sessionAuthorization": "postgres"}`; len(got) != 1 || got[0] != want {
		t.Fatalf("recorded progress: %q, want %s", got, want)
	}
}
