package runner

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/orchestrator/dblock"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
)

// lock takes the per-database migrator lock (package dblock). By default
// it is held by the runner's own session, the one that applies: a second
// connection per target costs a backend start, an authentication and a
// second cold catalog cache on the server, which under a rollout of many
// targets on one server is a large part of the orchestrator's cost. When
// the files could release the session's advisory locks (see
// releasesSessionLocks), or they cannot be read, the lock is taken on a
// connection of its own, as before.
func (r *Runner) lock(ctx context.Context) (release func(), err error) {
	o := dblock.Options{Schema: r.schema, Conn: r.conn, Wait: r.opt.LockWait, Waiting: func(holder string) {
		fmt.Fprintf(r.out, "waiting for the migrator lock on %s, held by %s\n", r.Target, holder)
	}}
	if r.lockSessionNeeded() {
		o.Connect = r.connect
	}
	l, err := dblock.Take(ctx, o)
	var qe *dblock.QueryError
	var he *dblock.HeldError
	switch {
	case errors.As(err, &qe):
		return nil, r.wrap(qe.Err, "take the migrator lock")
	case errors.As(err, &he) && he.Interrupted:
		return nil, fmt.Errorf("%s: interrupted while waiting for the migrator lock held by %s", r.Target, he.Holder)
	case errors.As(err, &he):
		return nil, fmt.Errorf("%w: %s: waited %s for the migrator lock, still held by %s; wait for it to finish or stop it",
			ErrLocked, r.Target, he.Waited, he.Holder)
	case err != nil:
		return nil, err
	}
	r.held = l
	return func() {
		r.held = nil
		l.Release()
	}, nil
}

// lockedOn is the session holding the migrator lock (nil when not held).
func (r *Runner) lockedOn() *pgx.Conn {
	if r.held == nil {
		return nil
	}
	return r.held.Conn()
}

// lockConn is the lock's own session, when it has one.
func (r *Runner) lockConn() *pgx.Conn {
	if r.held == nil || !r.held.Own() {
		return nil
	}
	return r.held.Conn()
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
