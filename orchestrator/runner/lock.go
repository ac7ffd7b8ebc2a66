package runner

import (
	"context"
	"fmt"
	"hash/crc32"
	"strings"
	"time"

	"github.com/sqlreview/sqlreview/orchestrator/history"

	"github.com/sqlreview/sqlreview/orchestrator/migration"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// lockClass is the first key of the advisory lock ("sqlr" in ASCII); the
// second is derived from the history schema, so two histories in one
// database do not block each other.
const lockClass = 0x73716c72

func (r *Runner) lockKeys() (int32, int32) {
	return lockClass, int32(crc32.ChecksumIEEE([]byte(r.schema)) & 0x7fffffff)
}

// lock takes the per-database migrator lock, a session-level advisory
// lock. By default it is held by the runner's own session, the one that
// applies: a second connection per target costs a backend start, an
// authentication and a second cold catalog cache on the server, which
// under a rollout of many targets on one server is a large part of the
// orchestrator's cost. A session lock is not a transaction, so it does not
// hold back the CREATE INDEX CONCURRENTLY of its own session, and ROLLBACK
// and RESET ALL leave it alone. Only DISCARD ALL and the pg_advisory_unlock
// functions release it: when the files hold one of those (see
// releasesSessionLocks), or they cannot be read, the lock is taken on a
// connection of its own, as before.
//
// pg_try_advisory_lock in a poll loop, not the blocking form: a session
// blocked on an advisory lock would make every CREATE INDEX CONCURRENTLY
// of the holder wait for it (CIC waits for all older transactions), a
// deadlock PostgreSQL cannot detect.
func (r *Runner) lock(ctx context.Context) (release func(), err error) {
	separate := r.lockSessionNeeded()
	lc := r.conn
	if separate {
		if lc, err = r.connect(ctx); err != nil {
			return nil, err
		}
	}
	fail := func() {
		if separate {
			lc.Close(context.Background())
		}
	}
	k1, k2 := r.lockKeys()
	deadline := time.Now().Add(r.opt.LockWait)
	announced := false
	for {
		var ok bool
		if err := lc.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, k1, k2).Scan(&ok); err != nil {
			fail()
			return nil, r.wrap(err, "take the migrator lock")
		}
		if ok {
			break
		}
		holder := r.lockHolder(ctx, lc, k1, k2)
		if time.Now().After(deadline) {
			fail()
			return nil, fmt.Errorf("%w: %s: waited %s for the migrator lock, still held by %s; wait for it to finish or stop it",
				ErrLocked, r.Target, r.opt.LockWait, holder)
		}
		if !announced {
			fmt.Fprintf(r.out, "waiting for the migrator lock on %s, held by %s\n", r.Target, holder)
			announced = true
		}
		select {
		case <-ctx.Done():
			fail()
			return nil, fmt.Errorf("%s: interrupted while waiting for the migrator lock held by %s", r.Target, holder)
		case <-time.After(250 * time.Millisecond):
		}
	}
	r.lockedOn = lc
	if separate {
		r.lockConn = lc
		return func() {
			r.lockConn, r.lockedOn = nil, nil
			// Closing the session releases the lock even if the unlock fails.
			_, _ = lc.Exec(context.Background(), `SELECT pg_advisory_unlock($1, $2)`, k1, k2)
			lc.Close(context.Background())
		}, nil
	}
	return func() {
		// The session may have been replaced after a lost connection (see
		// relock); the lock is released where it is held, after ending any
		// transaction an error left open, since an aborted transaction
		// would refuse the unlock. A lost session released it already.
		c := r.lockedOn
		r.lockedOn = nil
		if c == nil || c.IsClosed() {
			return
		}
		bg := context.Background()
		if c.PgConn().TxStatus() != 'I' {
			_, _ = c.Exec(bg, "ROLLBACK")
		}
		if _, err := c.Exec(bg, `SELECT pg_advisory_unlock($1, $2)`, k1, k2); err != nil {
			// Never leave the lock behind on a session that stays open.
			c.Close(bg)
		}
	}, nil
}

// relock takes the migrator lock again on a session that replaced one
// lost while it held the lock: the server releases the lock when the lost
// session's backend exits, which may be a moment after the client saw the
// connection end, so while that backend (oldPID) still holds it, relock
// waits (at most 10s). It reports false when another session holds the
// lock: another migrator took it meanwhile, and nothing may be written.
func (r *Runner) relock(ctx context.Context, oldPID uint32) bool {
	k1, k2 := r.lockKeys()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ok bool
		if err := r.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, k1, k2).Scan(&ok); err != nil {
			return false
		}
		if ok {
			r.lockedOn = r.conn
			return true
		}
		var holder uint32
		err := r.conn.QueryRow(ctx, `SELECT coalesce((SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2 LIMIT 1), 0)`, k1, k2).Scan(&holder)
		if err != nil || (holder != 0 && holder != oldPID) || time.Now().After(deadline) {
			return false
		}
		if sleepCtx(ctx, 20*time.Millisecond) != nil {
			return false
		}
	}
}

// lockSessionNeeded reports whether the lock needs a session of its own:
// when a file could release the applying session's advisory locks, or the
// files cannot be read to tell.
func (r *Runner) lockSessionNeeded() bool {
	local, err := r.load()
	if err != nil {
		return true
	}
	for _, m := range local {
		for _, s := range m.Statements {
			if releasesSessionLocks(s) {
				return true
			}
		}
	}
	return false
}

// releasesSessionLocks reports whether a statement may release the
// session's advisory locks: DISCARD ALL, or a call of pg_advisory_unlock,
// pg_advisory_unlock_all or pg_advisory_unlock_shared anywhere in its text
// (a DO block or a function body included). The text test errs on the side
// of a separate lock session, which is only slower.
func releasesSessionLocks(s migration.Stmt) bool {
	if d := s.Node.GetDiscardStmt(); d != nil && d.GetTarget() == pg_query.DiscardMode_DISCARD_ALL {
		return true
	}
	return strings.Contains(strings.ToLower(s.SQL), "advisory_unlock")
}

// lockHolder describes the session holding the lock, from pg_locks and
// pg_stat_activity.
func (r *Runner) lockHolder(ctx context.Context, q history.Querier, k1, k2 int32) string {
	var pid int
	var app, usr, client string
	var since time.Time
	err := q.QueryRow(ctx, `
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
