package runner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/schemadump"
	"github.com/sqlreview/sqlreview/rules/source"
)

// DumpSchema returns the target's schema as SQL that psql loads into an
// empty database (see schemadump), without the history schema.
func (r *Runner) DumpSchema(ctx context.Context) (string, error) {
	return schemadump.Dump(ctx, r.conn.PgConn(), r.schema)
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// snapshot records the schema after an apply, for drift.
func (r *Runner) snapshot(ctx context.Context, lastVersion string) error {
	text, err := r.DumpSchema(ctx)
	if err != nil {
		return r.wrap(err, "dump the schema after apply")
	}
	_, err = r.conn.Exec(ctx, `INSERT INTO `+pgutil.QuoteIdent(r.schema)+`.snapshots (last_version, digest, schema_text) VALUES (nullif($1, ''), $2, $3)`,
		lastVersion, digest(text), text)
	return r.wrap(err, "record the schema snapshot")
}

// Drift compares the live schema with the snapshot taken at the last apply
// (or the last accepted drift). It returns the statements only in the
// snapshot (removed out of band) and only in the live schema (added out of
// band). A snapshot recorded before the dump was SQL holds one line per
// object or column; it is compared with the live schema in that form, so
// an upgrade alone reports no drift.
func (r *Runner) Drift(ctx context.Context) (removed, added []string, err error) {
	ok, err := history.Exists(ctx, r.conn, r.schema)
	if err != nil {
		return nil, nil, r.wrap(err, "read the history")
	}
	if !ok {
		return nil, nil, fmt.Errorf("%s: %w; run `sqlreview apply` first", r.Target, history.ErrNoHistory)
	}
	snap, err := r.latestSnapshot(ctx)
	if err != nil {
		return nil, nil, err
	}
	if snap == nil {
		return nil, nil, fmt.Errorf("%s: no schema snapshot recorded yet; run `sqlreview apply` first", r.Target)
	}
	return r.diffLive(ctx, snap.text)
}

// snapshotRow is the newest recorded snapshot.
type snapshotRow struct {
	text        string
	lastVersion string
	takenAt     time.Time
}

// latestSnapshot returns the newest snapshot, nil when there is none.
func (r *Runner) latestSnapshot(ctx context.Context) (*snapshotRow, error) {
	s := &snapshotRow{}
	err := r.conn.QueryRow(ctx, `SELECT schema_text, coalesce(last_version, ''), taken_at FROM `+pgutil.QuoteIdent(r.schema)+`.snapshots ORDER BY id DESC LIMIT 1`).
		Scan(&s.text, &s.lastVersion, &s.takenAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, r.wrap(err, "read the schema snapshot")
	}
	return s, nil
}

// diffLive compares a snapshot's text with the live schema.
func (r *Runner) diffLive(ctx context.Context, snap string) (removed, added []string, err error) {
	if !schemadump.IsDump(snap) {
		live, err := schemadump.Lines(ctx, r.conn.PgConn(), r.schema)
		if err != nil {
			return nil, nil, r.wrap(err, "dump the schema")
		}
		removed, added = multisetDiff(lines(snap), lines(live))
		return removed, added, nil
	}
	live, err := r.DumpSchema(ctx)
	if err != nil {
		return nil, nil, r.wrap(err, "dump the schema")
	}
	removed, added = multisetDiff(statements(snap), statements(live))
	return removed, added, nil
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// statements splits a SQL dump into its statements, each with its
// semicolon; comments between statements are left out.
func statements(dump string) []string {
	f := source.ParseText("schema dump", dump)
	out := make([]string, 0, len(f.Statements))
	for _, s := range f.Statements {
		out = append(out, f.Text[s.Start:s.End]+";")
	}
	return out
}

// multisetDiff returns the items only in a (sorted) and only in b (in b's
// order), counting repeats.
func multisetDiff(a, b []string) (onlyA, onlyB []string) {
	count := map[string]int{}
	for _, l := range a {
		count[l]++
	}
	for _, l := range b {
		if count[l] > 0 {
			count[l]--
		} else {
			onlyB = append(onlyB, l)
		}
	}
	for l, n := range count {
		for ; n > 0; n-- {
			onlyA = append(onlyA, l)
		}
	}
	sort.Strings(onlyA)
	return onlyA, onlyB
}
