package runner

import (
	"context"
	"fmt"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

// parseVersion accepts a bare version ("20240101", "1.2", "V3") or a file
// name and returns its canonical key.
func parseVersion(v string) (string, error) {
	mv, ok := migfile.Parse(v)
	if !ok || len(mv.Parts) == 0 {
		return "", fmt.Errorf("--version %q is not a migration version; give the number at the start of a file name, e.g. 20250115090000", v)
	}
	return migration.VersionKey(mv), nil
}

// Baseline adopts a database whose schema already contains the migrations
// up to version: they count as applied from now on.
func (r *Runner) Baseline(ctx context.Context, version string) error {
	key, err := parseVersion(version)
	if err != nil {
		return err
	}
	return r.withLock(ctx, func() error {
		rows, err := history.Read(ctx, r.conn, r.schema)
		if err != nil {
			return r.wrap(err, "read the history")
		}
		for _, row := range rows {
			if row.Status == history.StatusApplied || row.Status == history.StatusRunning {
				return fmt.Errorf("%s already has an apply history (version %s is %s); baseline only adopts a database sqlreview has not migrated", r.Target, row.Version, row.Status)
			}
		}
		row := &history.Row{Version: key, Name: "(baseline)", ChecksumAlgorithm: migration.ChecksumAlgorithm, TxMode: migration.TxFile,
			Status: history.StatusBaseline, AppliedBy: r.opt.Actor, Host: r.opt.Host, ToolVersion: r.opt.ToolVersion,
			StartedAt: time.Now(), StatementHashes: []string{}}
		if local, err := r.load(); err == nil {
			for _, m := range local {
				if m.Key == key {
					row.Name, row.Checksum = m.Name, m.Checksum
				}
			}
		}
		finish(row, row.StartedAt)
		tx, err := r.conn.Begin(ctx)
		if err != nil {
			return r.wrap(err, "begin")
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		if err := history.Upsert(ctx, tx, r.schema, row); err != nil {
			return r.wrap(err, "record the baseline")
		}
		if err := r.event(ctx, tx, "baseline", key, map[string]any{"version": version}); err != nil {
			return r.wrap(err, "write the event log")
		}
		if err := tx.Commit(ctx); err != nil {
			return r.wrap(err, "commit the baseline")
		}
		return r.snapshot(ctx, key)
	})
}

// Repair accepts the current content of an applied (or interrupted) file:
// its new checksum and statement hashes replace the recorded ones, and the
// event log keeps both.
func (r *Runner) Repair(ctx context.Context, version string) (oldSum, newSum string, err error) {
	key, err := parseVersion(version)
	if err != nil {
		return "", "", err
	}
	err = r.withLock(ctx, func() error {
		local, err := r.load()
		if err != nil {
			return err
		}
		var m *migration.Migration
		for _, x := range local {
			if x.Key == key {
				m = x
			}
		}
		if m == nil {
			return fmt.Errorf("version %s has no file in %s; repair records the checksum of the file as it is now", version, r.opt.Dir)
		}
		rows, err := history.Read(ctx, r.conn, r.schema)
		if err != nil {
			return r.wrap(err, "read the history")
		}
		var row *history.Row
		for i := range rows {
			if rows[i].Version == key {
				row = &rows[i]
			}
		}
		if row == nil || row.Status == history.StatusBaseline {
			return fmt.Errorf("version %s has no apply history in %s; there is nothing to repair (apply runs it)", version, r.Target)
		}
		oldSum, newSum = row.Checksum, m.Checksum
		tx, err := r.conn.Begin(ctx)
		if err != nil {
			return r.wrap(err, "begin")
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		_, err = tx.Exec(ctx, `UPDATE `+pgutil.QuoteIdent(r.schema)+`.history SET checksum = $2, checksum_algorithm = $3,
  statement_hashes = $4, statements_total = $5, name = $6 WHERE version = $1`, key, m.Checksum, migration.ChecksumAlgorithm, m.Hashes(), len(m.Statements), m.Name)
		if err != nil {
			return r.wrap(err, "update the history")
		}
		if err := r.event(ctx, tx, "repair", key, map[string]any{"name": m.Name, "oldChecksum": oldSum, "newChecksum": newSum}); err != nil {
			return r.wrap(err, "write the event log")
		}
		return r.wrap(tx.Commit(ctx), "commit the repair")
	})
	return oldSum, newSum, err
}
