package store

import (
	"context"
	"database/sql"
	"testing"
)

func sqliteStore(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestSQLiteStoreSettings checks what several processes on one state file
// rely on, on every connection of the pool: a wait for the file lock
// instead of an immediate "database is locked", WAL, and commits that do
// not wait for an fsync of the log.
func TestSQLiteStoreSettings(t *testing.T) {
	st := sqliteStore(t)
	ctx := context.Background()
	// Hold several connections at once so the settings are seen on more
	// than the first.
	var conns []*sql.Conn
	for range 3 {
		c, err := st.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		var busy, sync int
		var mode string
		if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if busy != 30000 || sync != 1 || mode != "wal" {
			t.Errorf("connection %d: busy_timeout %d, synchronous %d, journal_mode %s; want 30000, 1 (NORMAL), wal", i, busy, sync, mode)
		}
	}
}
