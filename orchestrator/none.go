package orchestrator

import (
	"context"
	"fmt"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// applyNone runs a file statement by statement, outside a transaction
// block, recording progress after each statement, so an interrupted run
// resumes exactly after the last completed one.
func (r *Runner) applyNone(ctx context.Context, pf *PendingFile) error {
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
	row := r.newRow(pf.Migration, StatusRunning, started)
	row.StatementsApplied = from
	if err := upsertRow(ctx, r.conn, r.schema, row); err != nil {
		return r.wrap(err, "record progress")
	}
	lockTO, stmtTO := r.timeouts(pf.Migration)
	if _, err := r.conn.Exec(ctx, fmt.Sprintf("SET lock_timeout = %s; SET statement_timeout = %s",
		quoteLiteral(lockTO), quoteLiteral(stmtTO))); err != nil {
		return r.recordFailure(ctx, pf, -1, from, started, err)
	}
	// Session settings made by the statements already run must hold for
	// the rest, as they did in the interrupted session.
	for i := 0; i < from; i++ {
		if v := pf.Statements[i].Node.GetVariableSetStmt(); v != nil && !v.GetIsLocal() {
			if _, err := r.conn.Exec(ctx, pf.Statements[i].SQL); err != nil {
				return r.recordFailure(ctx, pf, i, from, started, err)
			}
		}
	}
	progress := `UPDATE ` + quoteIdent(r.schema) + `.history SET statements_applied = $2 WHERE version = $1`
	retries := r.cfg.Rollout.Retries
	for i := from; i < len(pf.Statements); i++ {
		s := pf.Statements[i]
		t0 := time.Now()
		done, err := r.prepareIndexStatement(ctx, pf, s, i == from && pf.Previous != nil)
		if err != nil {
			return r.recordFailure(ctx, pf, i, i, started, err)
		}
		for attempt := 0; !done; attempt++ {
			_, err = r.conn.Exec(ctx, s.SQL)
			if err == nil {
				break
			}
			// Inside the file's own transaction block a single statement
			// cannot be retried: the block is aborted.
			if isLockTimeout(err) && attempt < retries && ctx.Err() == nil && r.conn.PgConn().TxStatus() == 'I' {
				wait := r.backoff(attempt)
				fmt.Fprintf(r.out, "  lock timeout (%s) on statement %d; retrying it in %s (%d/%d)\n", lockTO, i+1, wait.Round(time.Millisecond), attempt+1, retries)
				_ = r.event(ctx, r.conn, "lock-timeout-retry", pf.Key, map[string]any{"statement": i + 1, "attempt": attempt + 1})
				if serr := sleepCtx(ctx, wait); serr != nil {
					err = serr
					break
				}
				if _, cerr := r.prepareIndexStatement(ctx, pf, s, false); cerr != nil {
					err = cerr
					break
				}
				continue
			}
			break
		}
		if err != nil {
			return r.recordFailure(ctx, pf, i, i, started, &StmtError{Path: pf.Path, Index: i, Line: s.Line, Err: err})
		}
		// The same session: inside a file's own transaction block the
		// progress commits or rolls back with the statements it counts.
		if _, err := r.conn.Exec(ctx, progress, pf.Key, i+1); err != nil {
			return r.recordFailure(ctx, pf, i, i+1, started, err)
		}
		fmt.Fprintf(r.out, "  [%d/%d] line %d: %s ok (%s)\n", i+1, len(pf.Statements), s.Line, summary(s.SQL), time.Since(t0).Round(time.Millisecond))
	}
	if r.conn.PgConn().TxStatus() != 'I' {
		// psql would roll an unfinished transaction back at the end of the
		// file; committing it silently would be worse.
		return r.recordFailure(ctx, pf, len(pf.Statements)-1, 0, started,
			fmt.Errorf("%s ends inside a transaction block it opened; add the missing COMMIT", pf.Path))
	}
	row.Status = StatusApplied
	row.StatementsApplied = len(pf.Statements)
	finish(row, started)
	if err := upsertRow(ctx, r.conn, r.schema, row); err != nil {
		return r.wrap(err, "record the applied file")
	}
	detail := map[string]any{"name": pf.Name, "checksum": pf.Checksum, "txmode": pf.TxMode, "durationMs": *row.DurationMS}
	if from > 0 {
		detail["resumedAtStatement"] = from + 1
	}
	return r.wrap(r.event(ctx, r.conn, "file-applied", pf.Key, detail), "write the event log")
}

// prepareIndexStatement makes a CREATE INDEX CONCURRENTLY safe to (re)run:
// a failed or interrupted concurrent build leaves an INVALID index behind
// that would make the retry fail or, with IF NOT EXISTS, silently keep the
// broken index. It drops such an index concurrently. On resume, a valid
// index of that name means the statement completed just before the
// interruption, so it is not run again (done = true).
func (r *Runner) prepareIndexStatement(ctx context.Context, pf *PendingFile, s Stmt, resuming bool) (done bool, err error) {
	is := s.Node.GetIndexStmt()
	if is == nil || !is.GetConcurrent() || is.GetIdxname() == "" {
		return false, nil
	}
	name := quoteIdent(is.GetIdxname())
	if sch := is.GetRelation().GetSchemaname(); sch != "" {
		name = quoteIdent(sch) + "." + name
	}
	var valid *bool
	err = r.conn.QueryRow(ctx, `SELECT (SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass($1))`, name).Scan(&valid)
	if err != nil || valid == nil {
		return false, err
	}
	if *valid {
		if resuming {
			fmt.Fprintf(r.out, "  [%d/%d] index %s already exists and is valid: the interrupted run completed this statement\n", s.Index+1, len(pf.Statements), name)
			return true, r.event(ctx, r.conn, "statement-already-done", pf.Key, map[string]any{"statement": s.Index + 1, "index": is.GetIdxname()})
		}
		return false, nil
	}
	fmt.Fprintf(r.out, "  dropping INVALID index %s left by a failed concurrent build before running line %d again\n", name, s.Line)
	if _, err := r.conn.Exec(ctx, "DROP INDEX CONCURRENTLY IF EXISTS "+name); err != nil {
		return false, err
	}
	return false, r.event(ctx, r.conn, "invalid-index-dropped", pf.Key, map[string]any{"statement": s.Index + 1, "index": is.GetIdxname()})
}

// summary is the start of a statement on one line, for progress output.
func summary(sql string) string {
	out := make([]rune, 0, 64)
	space := false
	for _, c := range sql {
		if c == '\n' || c == '\t' || c == '\r' || c == ' ' {
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, c)
		if len(out) >= 60 {
			return string(out) + "…"
		}
	}
	return string(out)
}

var _ = pg_query.Node{}
