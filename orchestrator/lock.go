package orchestrator

import (
	"context"
	"fmt"
	"hash/crc32"
	"time"
)

// lockClass is the first key of the advisory lock ("sqlr" in ASCII); the
// second is derived from the history schema, so two histories in one
// database do not block each other.
const lockClass = 0x73716c72

func (r *Runner) lockKeys() (int32, int32) {
	return lockClass, int32(crc32.ChecksumIEEE([]byte(r.schema)) & 0x7fffffff)
}

// lock takes the per-database migrator lock on a connection of its own.
// pg_try_advisory_lock in a poll loop, not the blocking form: a session
// blocked on an advisory lock would make every CREATE INDEX CONCURRENTLY
// of the holder wait for it (CIC waits for all older transactions), a
// deadlock PostgreSQL cannot detect.
func (r *Runner) lock(ctx context.Context) (release func(), err error) {
	lc, err := r.connect(ctx)
	if err != nil {
		return nil, err
	}
	k1, k2 := r.lockKeys()
	deadline := time.Now().Add(r.opt.LockWait)
	announced := false
	for {
		var ok bool
		if err := lc.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, k1, k2).Scan(&ok); err != nil {
			lc.Close(context.Background())
			return nil, r.wrap(err, "take the migrator lock")
		}
		if ok {
			break
		}
		holder := r.lockHolder(ctx, lc, k1, k2)
		if time.Now().After(deadline) {
			lc.Close(context.Background())
			return nil, fmt.Errorf("%w: %s: waited %s for the migrator lock, still held by %s; wait for it to finish or stop it",
				ErrLocked, r.Target, r.opt.LockWait, holder)
		}
		if !announced {
			fmt.Fprintf(r.out, "waiting for the migrator lock on %s, held by %s\n", r.Target, holder)
			announced = true
		}
		select {
		case <-ctx.Done():
			lc.Close(context.Background())
			return nil, fmt.Errorf("%s: interrupted while waiting for the migrator lock held by %s", r.Target, holder)
		case <-time.After(250 * time.Millisecond):
		}
	}
	r.lockConn = lc
	return func() {
		r.lockConn = nil
		// Closing the session releases the lock even if the unlock fails.
		_, _ = lc.Exec(context.Background(), `SELECT pg_advisory_unlock($1, $2)`, k1, k2)
		lc.Close(context.Background())
	}, nil
}

// lockHolder describes the session holding the lock, from pg_locks and
// pg_stat_activity.
func (r *Runner) lockHolder(ctx context.Context, q querier, k1, k2 int32) string {
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
