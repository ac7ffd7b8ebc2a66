// Package dblock is the migrator lock of one database: a session-level
// advisory lock, so two migrators never apply to one database at once.
// The caller hands in the sessions, the wait and a callback; this package
// knows nothing of the runner.
package dblock

import (
	"context"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/jackc/pgx/v5"
)

// lockClass is the first key of the advisory lock ("sqlr" in ASCII); the
// second is derived from the history schema, so two histories in one
// database do not block each other.
const lockClass = 0x73716c72

// Keys are the advisory lock keys of the history schema's lock.
func Keys(schema string) (int32, int32) {
	return lockClass, int32(crc32.ChecksumIEEE([]byte(schema)) & 0x7fffffff)
}

// Options say where to take the lock and how long to wait for it.
type Options struct {
	// Schema is the history schema whose lock is taken (see Keys).
	Schema string
	// Conn is the applying session: the lock is taken on it unless
	// Connect is set.
	Conn *pgx.Conn
	// Connect, when set, opens a session of the lock's own: the caller's
	// files could release the applying session's advisory locks.
	Connect func(context.Context) (*pgx.Conn, error)
	// Wait bounds the wait while another session holds the lock.
	Wait time.Duration
	// Waiting is called once, with the holder's description, when the
	// lock is held by another session and Take starts waiting.
	Waiting func(holder string)
}

// Lock is a held migrator lock.
type Lock struct {
	k1, k2 int32
	conn   *pgx.Conn
	own    bool
}

// HeldError is a lock another session kept: the wait ran out, or ctx
// ended it (Interrupted).
type HeldError struct {
	Holder      string
	Waited      time.Duration
	Interrupted bool
}

func (e *HeldError) Error() string {
	if e.Interrupted {
		return "interrupted while waiting for the migrator lock held by " + e.Holder
	}
	return fmt.Sprintf("waited %s for the migrator lock, still held by %s", e.Waited, e.Holder)
}

// QueryError is a failed query of the lock: the server's error, for the
// caller to name its target.
type QueryError struct{ Err error }

func (e *QueryError) Error() string { return e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

// Take takes the lock, polling with pg_try_advisory_lock, not the blocking
// form: a session blocked on an advisory lock would make every CREATE
// INDEX CONCURRENTLY of the holder wait for it (CIC waits for all older
// transactions), a deadlock PostgreSQL cannot detect. A session lock is
// not a transaction, so it does not hold back the CREATE INDEX
// CONCURRENTLY of its own session, and ROLLBACK and RESET ALL leave it
// alone; only DISCARD ALL and the pg_advisory_unlock functions release it.
func Take(ctx context.Context, o Options) (*Lock, error) {
	l := &Lock{conn: o.Conn, own: o.Connect != nil}
	l.k1, l.k2 = Keys(o.Schema)
	if l.own {
		c, err := o.Connect(ctx)
		if err != nil {
			return nil, err
		}
		l.conn = c
	}
	fail := func() {
		if l.own {
			l.conn.Close(context.Background())
		}
	}
	deadline := time.Now().Add(o.Wait)
	announced := false
	for {
		var ok bool
		if err := l.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, l.k1, l.k2).Scan(&ok); err != nil {
			fail()
			return nil, &QueryError{err}
		}
		if ok {
			return l, nil
		}
		holder := Holder(ctx, l.conn, l.k1, l.k2)
		if time.Now().After(deadline) {
			fail()
			return nil, &HeldError{Holder: holder, Waited: o.Wait}
		}
		if !announced && o.Waiting != nil {
			o.Waiting(holder)
		}
		announced = true
		select {
		case <-ctx.Done():
			fail()
			return nil, &HeldError{Holder: holder, Interrupted: true}
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// Conn is the session holding the lock (nil once released).
func (l *Lock) Conn() *pgx.Conn { return l.conn }

// Own reports whether the lock holds a session of its own.
func (l *Lock) Own() bool { return l.own }

// Release releases the lock. A session of the lock's own is closed, which
// releases it even if the unlock fails. On the applying session (which may
// have been replaced, see Retake) the lock is released after ending any
// transaction an error left open, since an aborted transaction would
// refuse the unlock; a lost session released it already.
func (l *Lock) Release() {
	c := l.conn
	l.conn = nil
	if c == nil || c.IsClosed() {
		return
	}
	bg := context.Background()
	if l.own {
		_, _ = c.Exec(bg, `SELECT pg_advisory_unlock($1, $2)`, l.k1, l.k2)
		c.Close(bg)
		return
	}
	if c.PgConn().TxStatus() != 'I' {
		_, _ = c.Exec(bg, "ROLLBACK")
	}
	if _, err := c.Exec(bg, `SELECT pg_advisory_unlock($1, $2)`, l.k1, l.k2); err != nil {
		// Never leave the lock behind on a session that stays open.
		c.Close(bg)
	}
}

// Retake takes the lock again on conn, a session that replaced one lost
// while it held the lock: the server releases the lock when the lost
// session's backend exits, which may be a moment after the client saw the
// connection end, so while that backend (oldPID) still holds it, Retake
// waits (at most 10s). It reports false when another session holds the
// lock: another migrator took it meanwhile, and nothing may be written.
func (l *Lock) Retake(ctx context.Context, conn *pgx.Conn, oldPID uint32) bool {
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ok bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, l.k1, l.k2).Scan(&ok); err != nil {
			return false
		}
		if ok {
			l.conn = conn
			return true
		}
		var holder uint32
		err := conn.QueryRow(ctx, `SELECT coalesce((SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2 LIMIT 1), 0)`, l.k1, l.k2).Scan(&holder)
		if err != nil || (holder != 0 && holder != oldPID) || time.Now().After(deadline) {
			return false
		}
		t := time.NewTimer(20 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
	}
}

// Holder describes the session holding the lock, from pg_locks and
// pg_stat_activity.
func Holder(ctx context.Context, c *pgx.Conn, k1, k2 int32) string {
	var pid int
	var app, usr, client string
	var since time.Time
	err := c.QueryRow(ctx, `
SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),
       coalesce(host(a.client_addr), 'local socket'), a.backend_start
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid = $1::int::oid AND l.objid = $2::int::oid AND l.objsubid = 2
LIMIT 1`, k1, k2).Scan(&pid, &app, &usr, &client, &since)
	if err != nil {
		return "another session (its details are not visible to this user)"
	}
	if app == "" {
		app = "an unnamed application"
	}
	return fmt.Sprintf("%q (pid %d, user %s, from %s, connected %s ago)", app, pid, usr, client, time.Since(since).Round(time.Second))
}
