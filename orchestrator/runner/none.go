package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/internal/ctxtime"
	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// applyNone runs a file statement by statement, recording progress with
// each statement, so an interrupted run resumes exactly after the last
// completed one and runs no statement twice.
func (r *Runner) applyNone(ctx context.Context, pf *plan.PendingFile) error {
	started := time.Now()
	from := pf.ResumeAt
	if pf.Previous != nil && from > 0 {
		// Statements already run must be the ones in the file now.
		for i := 0; i < from && i < len(pf.Statements); i++ {
			if i >= len(pf.Previous.StatementHashes) || pf.Previous.StatementHashes[i] != pf.Statements[i].Hash {
				return fmt.Errorf("%s:%d: statement %d was already applied by an interrupted run, but its text has changed since; "+
					"restore it, or accept the change with `sqlreview repair --version %s`", pf.Path, pf.Statements[i].Line, i+1, pf.Version.Raw)
			}
		}
		if !pf.Previous.StartedAt.IsZero() {
			started = pf.Previous.StartedAt
		}
	}
	if from > len(pf.Statements) {
		from = len(pf.Statements)
	}
	row := r.newRow(pf.Migration, history.StatusRunning, started)
	row.StatementsApplied = from
	if err := history.Upsert(ctx, r.conn, r.schema, row); err != nil {
		return r.wrap(err, "record progress")
	}
	lockTO, stmtTO := r.timeouts(pf.Migration)
	own, err := r.setOwnTimeouts(ctx, lockTO, stmtTO)
	if err != nil {
		return r.recordFailure(ctx, pf, -1, from, started, failStep(err, "set the timeouts"))
	}
	r.capture = sessionCaptureSQL(own)
	steady := r.steadyState(ctx, pf, from)
	if from > 0 {
		if err := r.resumeSession(ctx, pf, from); err != nil {
			return r.recordFailure(ctx, pf, -1, from, started, err)
		}
	}
	retries := r.cfg.Rollout.Retries
	// The statement at the resume point may have completed just before the
	// interruption if it had to run outside a transaction.
	var prev *history.InFlight
	if p := pf.Previous; p != nil && p.InFlight != nil && from < len(pf.Statements) &&
		p.InFlight.Statement == from+1 && p.InFlight.Hash == pf.Statements[from].Hash {
		prev = p.InFlight
	}
	for i := from; i < len(pf.Statements); i++ {
		s := pf.Statements[i]
		t0 := time.Now()
		steady.before(s)
		var note string
		var err error
		switch {
		case r.conn.PgConn().TxStatus() != 'I' || s.Node.GetTransactionStmt() != nil:
			err = r.stmtInFileTx(ctx, pf, i)
		case s.Outside == "":
			note, err = r.stmtWrapped(ctx, pf, i, retries, lockTO)
		default:
			var p *history.InFlight
			if i == from {
				p = prev
			}
			note, err = r.stmtOutside(ctx, pf, i, p, retries, lockTO)
		}
		if err != nil {
			return r.recordFailure(ctx, pf, i, i, started, err)
		}
		if note != "" {
			note = " (" + note + ")"
		}
		fmt.Fprintf(r.out, "  [%d/%d] line %d: %s ok%s (%s)\n", i+1, len(pf.Statements), s.Line, migration.Summary(s.SQL, 60), note, time.Since(t0).Round(time.Millisecond))
	}
	if r.conn.PgConn().TxStatus() != 'I' {
		// psql would roll an unfinished transaction back at the end of the
		// file; committing it silently would be worse.
		return r.recordFailure(ctx, pf, len(pf.Statements)-1, 0, started,
			fmt.Errorf("%s ends inside a transaction block it opened; add the missing COMMIT", pf.Path))
	}
	row.Status = history.StatusApplied
	row.StatementsApplied = len(pf.Statements)
	finish(row, started)
	if err := history.Upsert(ctx, r.conn, r.schema, row); err != nil {
		return r.wrap(err, "record the applied file")
	}
	detail := map[string]any{"name": pf.Name, "checksum": pf.Checksum, "txmode": pf.TxMode, "durationMs": *row.DurationMS}
	if from > 0 {
		detail["resumedAtStatement"] = from + 1
	}
	return r.wrap(r.event(ctx, r.conn, "file-applied", pf.Key, detail), "write the event log")
}

// The three ways a statement of a statement-by-statement file runs. In each
// the progress row says statement i is done if and only if it is:
//
//   - inside a transaction block the file opened (and BEGIN, COMMIT, ...
//     themselves): the progress update runs in that block, so it commits or
//     rolls back with the statements it counts; for COMMIT it is written
//     just before, so the COMMIT makes both durable at once;
//   - a statement that can run in a transaction: it runs in a transaction of
//     its own together with its progress update;
//   - a statement PostgreSQL refuses in a transaction: it is marked in
//     flight first, and a rerun after an interruption checks the catalog for
//     its effect before running it again (stmtOutside).

// steadyState spares the progress writes of a statement-by-statement
// file the read of the whole session state (every setting, temporary
// objects, prepared statements, cursors, channels) while the file cannot
// have changed it: the state is read once before the first statement and
// written as a constant for every statement until one may change it (see
// knowledge.SessionEffects; any statement while the database has an event
// trigger). A resumed run reads it each time.
type steadyState struct {
	r        *Runner
	captured string // the capture expression
	start    string // the state before the first statement, as jsonb text; "" = not read
	changed  bool
}

func (r *Runner) steadyState(ctx context.Context, pf *plan.PendingFile, from int) *steadyState {
	st := &steadyState{r: r, captured: r.capture}
	if from > 0 || r.eventTriggers {
		return st
	}
	if err := r.conn.QueryRow(ctx, `SELECT (`+r.capture+`)::text`).Scan(&st.start); err != nil {
		st.start = ""
	}
	return st
}

// before sets the runner's capture for the progress write of s.
func (st *steadyState) before(s migration.Stmt) {
	st.changed = st.changed || st.r.eventTriggers || knowledge.SessionEffects([]*pg_query.Node{s.Node}) != 0
	if st.start == "" || st.changed {
		st.r.capture = st.captured
		return
	}
	st.r.capture = pgutil.QuoteLiteral(st.start) + "::jsonb"
}

// progressSQL records statement $2 of version $1 as done, together with
// the session's state after it (see SessionState).
func (r *Runner) progressSQL() string {
	return `UPDATE ` + pgutil.QuoteIdent(r.schema) + `.history SET statements_applied = $2, in_flight = NULL, session_state = ` + r.capture + ` WHERE version = $1`
}

// resumeSession puts the new session into the state the interrupted one
// had after statement from. A row written by an older version has no
// recorded state: the SET statements before the resume point are run
// again, which is what that version did.
func (r *Runner) resumeSession(ctx context.Context, pf *plan.PendingFile, from int) error {
	if pf.Previous.Session != nil {
		return r.restoreSession(ctx, pf, pf.Previous.Session)
	}
	for i := 0; i < from; i++ {
		if v := pf.Statements[i].Node.GetVariableSetStmt(); v != nil && !v.GetIsLocal() {
			if _, err := r.conn.Exec(ctx, pf.Statements[i].SQL); err != nil {
				return r.stmtError(pf, i, err)
			}
		}
	}
	return nil
}

// failStep names the step of a statement-by-statement run that failed;
// recordFailure names the target, once.
func failStep(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

func (r *Runner) stmtError(pf *plan.PendingFile, i int, err error) error {
	return &StmtError{Path: pf.Path, Index: i, Line: pf.Statements[i].Line, Err: err}
}

func (r *Runner) stmtInFileTx(ctx context.Context, pf *plan.PendingFile, i int) error {
	s := pf.Statements[i]
	if k, _ := migration.TransactionKind(s.Node); k == pg_query.TransactionStmtKind_TRANS_STMT_COMMIT && r.conn.PgConn().TxStatus() == 'T' {
		if _, err := r.conn.Exec(ctx, r.progressSQL(), pf.Key, i+1); err != nil {
			return failStep(err, "record progress")
		}
		// The state recorded above may hold what SET LOCAL set in the
		// block; the fix runs in the same message, right after COMMIT.
		if _, err := r.conn.Exec(ctx, s.SQL+"\n;\n"+r.sessionFixSQL(pf.Key)); err != nil {
			return r.stmtError(pf, i, err)
		}
		r.crashPoint(pf, i)
		return nil
	}
	if _, err := r.conn.Exec(ctx, s.SQL); err != nil {
		return r.stmtError(pf, i, err)
	}
	r.crashPoint(pf, i)
	if _, err := r.conn.Exec(ctx, r.progressSQL(), pf.Key, i+1); err != nil {
		return failStep(err, "record progress")
	}
	return nil
}

func (r *Runner) rollback(ctx context.Context) {
	if r.conn.PgConn().TxStatus() != 'I' {
		_, _ = r.conn.Exec(context.WithoutCancel(ctx), "ROLLBACK")
	}
}

// stmtWrapped runs a statement that can run in a transaction in one
// together with its progress update.
func (r *Runner) stmtWrapped(ctx context.Context, pf *plan.PendingFile, i, retries int, lockTO string) (string, error) {
	s := pf.Statements[i]
	// The state is read in the transaction, so it may hold what the
	// statement set with SET LOCAL; the fix after COMMIT undoes that.
	commit := fmt.Sprintf("UPDATE %s.history SET statements_applied = %d, in_flight = NULL, session_state = %s WHERE version = %s;\nCOMMIT;\n%s",
		pgutil.QuoteIdent(r.schema), i+1, r.capture, pgutil.QuoteLiteral(pf.Key), r.sessionFixSQL(pf.Key))
	for attempt := 0; ; attempt++ {
		if _, err := r.conn.Exec(ctx, "BEGIN"); err != nil {
			return "", failStep(err, "begin")
		}
		_, err := r.conn.Exec(ctx, s.SQL)
		if err == nil {
			r.crashPoint(pf, i)
			if _, err := r.conn.Exec(ctx, commit); err != nil {
				r.rollback(ctx)
				return "", r.stmtError(pf, i, fmt.Errorf("commit: %w", err))
			}
			return "", nil
		}
		r.rollback(ctx)
		if code := pgutil.SQLState(err); code == "25001" || code == "2D000" {
			// PostgreSQL refused it in a transaction block (a procedure
			// that commits, a command not known to need autocommit): the
			// rolled-back attempt changed nothing; run it on its own.
			note, oerr := r.stmtOutside(ctx, pf, i, nil, retries, lockTO)
			if note == "" {
				note = "refused in a transaction (SQLSTATE " + code + "), run outside one"
			}
			return note, oerr
		}
		if pgutil.IsLockTimeout(err) && attempt < retries && ctx.Err() == nil {
			if serr := r.retryWait(ctx, pf, i, attempt, retries, lockTO); serr != nil {
				return "", r.stmtError(pf, i, serr)
			}
			continue
		}
		return "", r.stmtError(pf, i, err)
	}
}

func (r *Runner) retryWait(ctx context.Context, pf *plan.PendingFile, i, attempt, retries int, lockTO string) error {
	wait := r.backoff(attempt)
	fmt.Fprintf(r.out, "  lock timeout (%s) on statement %d; retrying it in %s (%d/%d)\n", lockTO, i+1, wait.Round(time.Millisecond), attempt+1, retries)
	_ = r.event(ctx, r.conn, "lock-timeout-retry", pf.Key, map[string]any{"statement": i + 1, "attempt": attempt + 1})
	return ctxtime.Sleep(ctx, wait)
}

// stmtOutside runs a statement that cannot run in a transaction. prev is
// the in-flight marker an interrupted run left for it (nil when none).
//
// A lock timeout is retried under the retry policy wherever it strikes:
// in the statement, or in the cleanup before it (resolve drops the INVALID
// index a failed CREATE INDEX CONCURRENTLY left, and DROP INDEX
// CONCURRENTLY waits for the same old transactions the build waited for).
func (r *Runner) stmtOutside(ctx context.Context, pf *plan.PendingFile, i int, prev *history.InFlight, retries int, lockTO string) (string, error) {
	s := pf.Statements[i]
	attempt := 0
	retry := func(err error) (bool, error) {
		// Inside the file's own transaction block a single statement
		// cannot be retried: the block is aborted.
		if !pgutil.IsLockTimeout(err) || attempt >= retries || ctx.Err() != nil || r.conn.PgConn().TxStatus() != 'I' {
			return false, nil
		}
		if serr := r.retryWait(ctx, pf, i, attempt, retries, lockTO); serr != nil {
			return false, r.stmtError(pf, i, serr)
		}
		attempt++
		return true, nil
	}
	var done bool
	var why string
	for {
		var err error
		done, why, err = r.resolve(ctx, pf, s, prev)
		if err == nil {
			break
		}
		if again, werr := retry(err); werr != nil {
			return "", werr
		} else if !again {
			return "", r.stmtError(pf, i, fmt.Errorf("checking whether it is already done: %w", err))
		}
	}
	if done {
		return r.alreadyDone(ctx, pf, i, why)
	}
	note := ""
	if prev != nil && !prev.Failed {
		note = "the interrupted run had not completed it"
		if why != "" {
			note = why
		}
	}
	fl := &history.InFlight{Statement: i + 1, Hash: s.Hash}
	var err error
	if fl.Indexes, err = r.indexesBefore(ctx, s); err != nil {
		return "", failStep(err, "read the table's indexes")
	}
	b, _ := json.Marshal(fl)
	if _, err := r.conn.Exec(ctx, `UPDATE `+pgutil.QuoteIdent(r.schema)+`.history SET in_flight = $2::jsonb WHERE version = $1`, pf.Key, string(b)); err != nil {
		return "", failStep(err, "record progress")
	}
	failed := *fl
	failed.Failed = true
	for first := true; ; first = false {
		if !first {
			// The failed attempt may have left an INVALID index.
			if _, _, err := r.resolve(ctx, pf, s, &failed); err != nil {
				if again, werr := retry(err); werr != nil {
					return "", werr
				} else if again {
					continue
				}
				return "", r.stmtError(pf, i, fmt.Errorf("cleaning up what the failed attempt left: %w", err))
			}
		}
		_, err := r.conn.Exec(ctx, s.SQL)
		if err == nil {
			break
		}
		if again, werr := retry(err); werr != nil {
			return "", werr
		} else if !again {
			return "", r.stmtError(pf, i, err)
		}
	}
	r.crashPoint(pf, i)
	if _, err := r.conn.Exec(ctx, r.progressSQL(), pf.Key, i+1); err != nil {
		return "", failStep(err, "record progress")
	}
	return note, nil
}

// alreadyDone records statement i, which the catalog shows an interrupted
// run completed, as done without running it again.
func (r *Runner) alreadyDone(ctx context.Context, pf *plan.PendingFile, i int, why string) (string, error) {
	tx, err := r.conn.Begin(ctx)
	if err != nil {
		return "", failStep(err, "record progress")
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, r.progressSQL(), pf.Key, i+1); err != nil {
		return "", failStep(err, "record progress")
	}
	if err := r.event(ctx, tx, "statement-already-done", pf.Key, map[string]any{"statement": i + 1, "line": pf.Statements[i].Line, "reason": why}); err != nil {
		return "", failStep(err, "write the event log")
	}
	return "already done: " + why + "; not run again", failStep(tx.Commit(ctx), "record progress")
}
