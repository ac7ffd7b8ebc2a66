package runner

import (
	"bytes"
	"encoding/binary"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/sqlreview/sqlreview/internal/pgtest"
)

// sqlLog records the SQL text of every statement the client sends to be
// parsed (Parse) or run (Query), on all of a runner's connections, in the
// order they are written.
type sqlLog struct {
	mu   sync.Mutex
	sent []string
}

func (l *sqlLog) wrap(c net.Conn) net.Conn { return &sqlRecorder{Conn: c, log: l} }

// sqlRecorder is one connection's share of an sqlLog. Messages before the
// startup message carry no type byte (SSLRequest, the startup message).
type sqlRecorder struct {
	net.Conn
	log     *sqlLog
	started bool
	buf     []byte
}

func (s *sqlRecorder) Write(b []byte) (int, error) {
	s.buf = append(s.buf, b...)
	for {
		if !s.started {
			if len(s.buf) < 8 || len(s.buf) < int(binary.BigEndian.Uint32(s.buf)) {
				break
			}
			size := int(binary.BigEndian.Uint32(s.buf))
			s.started = binary.BigEndian.Uint32(s.buf[4:]) == 196608 // protocol 3.0: the startup message
			s.buf = s.buf[size:]
			continue
		}
		if len(s.buf) < 5 || len(s.buf) < 1+int(binary.BigEndian.Uint32(s.buf[1:])) {
			break
		}
		size := 1 + int(binary.BigEndian.Uint32(s.buf[1:]))
		body := s.buf[5:size]
		switch s.buf[0] {
		case 'Q': // the query string
			s.record(string(bytes.TrimRight(body, "\x00")))
		case 'P': // the statement's name, then the query string
			if i := bytes.IndexByte(body, 0); i >= 0 {
				rest := body[i+1:]
				if j := bytes.IndexByte(rest, 0); j >= 0 {
					s.record(string(rest[:j]))
				}
			}
		}
		s.buf = s.buf[size:]
	}
	return s.Conn.Write(b)
}

func (s *sqlRecorder) record(sql string) {
	s.log.mu.Lock()
	s.log.sent = append(s.log.sent, sql)
	s.log.mu.Unlock()
}

// schemaReads splits the statements that read the live schema (those
// naming pg_namespace) into those sent before the first one holding
// marker and those after it.
func (l *sqlLog) schemaReads(marker string) (before, after []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := false
	for _, sql := range l.sent {
		if strings.Contains(sql, marker) {
			seen = true
		}
		if !strings.Contains(sql, "pg_namespace") {
			continue
		}
		first := strings.Join(strings.Fields(sql), " ")
		if len(first) > 60 {
			first = first[:60]
		}
		if seen {
			after = append(after, first)
		} else {
			before = append(before, first)
		}
	}
	return before, after
}

// TestFirstApplyReadsTheLiveSchemaOnceBeforeAndOnceAfter: applying to a
// new database with the review on reads its live schema once before the
// files (the review's catalog read, which also tells that the database is
// empty) and once after them (the schema dump of the snapshot: its census
// of the kinds present, then the objects of those kinds). Before, the
// check for an empty database was a read of its own.
func TestFirstApplyReadsTheLiveSchemaOnceBeforeAndOnceAfter(t *testing.T) {
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);\n"})
	log := &sqlLog{}
	res, out, err := apply(t, pgtest.NewDB(t), dir, func(o *Options) {
		o.NoReview = false
		o.wrapConn = log.wrap
	})
	if err != nil || len(res.Applied) != 1 {
		t.Fatalf("%v %+v\n%s", err, res, out)
	}
	before, after := log.schemaReads("CREATE TABLE a ")
	if len(before) != 1 || !strings.HasPrefix(before[0], "SELECT n.nspname, EXISTS (SELECT 1 FROM pg_class") {
		t.Errorf("before the files, the live schema was read by %d statements, want the review's one:\n%s", len(before), strings.Join(before, "\n"))
	}
	if len(after) != 2 || !strings.HasPrefix(after[0], "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;") || !strings.HasPrefix(after[1], "WITH ns AS MATERIALIZED") {
		t.Errorf("after the files, the live schema was read by %d statements, want the dump's census and objects:\n%s", len(after), strings.Join(after, "\n"))
	}
}

// A database that holds only a function is not empty: the apply refuses
// it, whether or not the review read its catalog first.
func TestFunctionOnlyDatabaseIsNotEmpty(t *testing.T) {
	dir := writeDir(t, map[string]string{"001_a.sql": "CREATE TABLE a (id int);\n"})
	for _, review := range []bool{false, true} {
		url := pgtest.NewDB(t)
		if _, err := connect(t, url).Exec(t.Context(), `CREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1'`); err != nil {
			t.Fatal(err)
		}
		_, out, err := apply(t, url, dir, func(o *Options) { o.NoReview = !review })
		if err == nil || !strings.Contains(err.Error(), "already has 1 objects but no sqlreview history") {
			t.Errorf("review %v: apply to a database holding a function: %v\n%s", review, err, out)
		}
	}
}
