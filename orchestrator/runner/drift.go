package runner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sqlreview/sqlreview/internal/pgutil"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/schemadump"
)

// Drift policies (migrations.drift).
const (
	DriftRefuse = "refuse"
	DriftWarn   = "warn"
)

// ErrDrift is the refusal of an apply to a target whose schema changed
// outside sqlreview since its last snapshot.
var ErrDrift = errors.New("schema drift")

// DriftError is ErrDrift with the difference: Removed holds the
// statements of the snapshot the database no longer has, Added those it
// has and the snapshot has not (see Drift). Error is one line; DriftLines
// renders the difference.
type DriftError struct {
	Target         string
	Removed, Added []string
}

func (e *DriftError) Error() string {
	return fmt.Sprintf("%s: %s: the schema changed outside sqlreview since the last apply (%s); nothing was applied: "+
		"undo the change, or accept it as the new snapshot with `sqlreview drift accept --reason TEXT`",
		e.Target, ErrDrift, DriftSummary(e.Removed, e.Added))
}

func (e *DriftError) Unwrap() error { return ErrDrift }

// driftPolicy is migrations.drift; anything but warn refuses.
func (r *Runner) driftPolicy() string {
	if r.cfg.Migrations.Drift == DriftWarn {
		return DriftWarn
	}
	return DriftRefuse
}

// checkDrift runs under the migrator lock before a run applies anything:
// a run takes a new snapshot at its end, so a change made outside
// sqlreview must be found before it, or the snapshot would absorb it. It
// reports whether the run may renew the snapshot: not when the target
// drifted and migrations.drift is warn (the drift is recorded as a
// drift-detected event and the old snapshot stays, so `drift` keeps
// reporting the difference, plus the changes of the files applied since,
// until it is accepted); under refuse a drift is a *DriftError.
func (r *Runner) checkDrift(ctx context.Context) (renew bool, err error) {
	snap, err := r.latestSnapshot(ctx)
	if err != nil || snap == nil {
		// No snapshot (a first apply): nothing to compare with.
		return err == nil, err
	}
	cut, err := r.cutOffSince(ctx, snap.takenAt)
	if err != nil {
		return false, err
	}
	if cut {
		fmt.Fprintf(r.warn, "sqlreview: warning: %s: the last apply was cut off before it recorded the schema, so changes made outside sqlreview since then cannot be told from its own: not checked for drift this time\n", r.Target)
		return true, nil
	}
	removed, added, err := r.diffLive(ctx, snap.text)
	if err != nil || len(removed)+len(added) == 0 {
		return err == nil, err
	}
	de := &DriftError{Target: r.Target, Removed: removed, Added: added}
	if r.driftPolicy() == DriftRefuse {
		return false, de
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sqlreview: warning: %s: the schema changed outside sqlreview since the last apply (%s); applying anyway (migrations.drift: warn); "+
		"the snapshot is kept until `sqlreview drift accept`:\n", r.Target, DriftSummary(removed, added))
	for _, l := range DriftLines(removed, added) {
		b.WriteString(l + "\n")
	}
	fmt.Fprint(r.warn, b.String())
	if err := r.event(ctx, r.conn, "drift-detected", "", driftDetail(removed, added, snap.lastVersion)); err != nil {
		return false, r.wrap(err, "write the event log")
	}
	return false, nil
}

// cutOffSince reports whether a run that passed its drift check started
// after the snapshot and ended without renewing it (killed, or its
// connection lost before it could): its partial changes are in the
// database, indistinguishable from a change made outside sqlreview.
func (r *Runner) cutOffSince(ctx context.Context, snapshotAt time.Time) (bool, error) {
	var cut bool
	err := r.conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgutil.QuoteIdent(r.schema)+`.events
WHERE kind = 'apply-start' AND detail @> '{"renewsSnapshot": true}' AND at > $1)`, snapshotAt).Scan(&cut)
	return cut, r.wrap(err, "read the event log")
}

// renewSnapshot records the schema at the end of a run whose drift check
// passed, also after a failure (the changes of the files that ran are
// sqlreview's own), as long as the migrator lock is still held; a failure
// to record it then is only a warning, the run's error is what matters.
func (r *Runner) renewSnapshot(ctx context.Context, runErr error) error {
	if runErr == nil {
		newest, err := r.newestApplied(ctx)
		if err != nil {
			return err
		}
		return r.snapshot(ctx, newest)
	}
	if r.conn.IsClosed() || r.lockedOn() == nil || r.lockedOn().IsClosed() {
		return nil
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	err := func() error {
		newest, err := r.newestApplied(wctx)
		if err != nil {
			return err
		}
		return r.snapshot(wctx, newest)
	}()
	if err != nil {
		fmt.Fprintf(r.warn, "sqlreview: warning: %s\n", firstLine(err.Error()))
	}
	return nil
}

// AcceptDrift records the live schema as the new snapshot, so the drift
// found against the old one no longer stops an apply; the event log keeps
// who accepted it, why, and the difference. It reports the accepted
// difference (none: nothing recorded).
func (r *Runner) AcceptDrift(ctx context.Context, reason string) (removed, added []string, err error) {
	if strings.TrimSpace(reason) == "" {
		return nil, nil, fmt.Errorf("drift accept needs --reason TEXT: why the schema changed outside sqlreview (it is recorded with who accepted it)")
	}
	ok, err := history.Exists(ctx, r.conn, r.schema)
	if err != nil {
		return nil, nil, r.wrap(err, "read the history")
	}
	if !ok {
		return nil, nil, fmt.Errorf("%s: %w; there is no snapshot to accept a drift against: run `sqlreview apply` or `sqlreview baseline` first", r.Target, history.ErrNoHistory)
	}
	err = r.withLock(ctx, func() error {
		snap, err := r.latestSnapshot(ctx)
		if err != nil {
			return err
		}
		if snap == nil {
			return fmt.Errorf("%s: no schema snapshot recorded yet, so there is no drift to accept; the next apply records one", r.Target)
		}
		// One dump is both compared and recorded, so what is accepted is
		// exactly what was shown.
		text, err := r.DumpSchema(ctx)
		if err != nil {
			return r.wrap(err, "dump the schema")
		}
		if schemadump.IsDump(snap.text) {
			removed, added = multisetDiff(statements(snap.text), statements(text))
		} else if removed, added, err = r.diffLive(ctx, snap.text); err != nil {
			return err
		}
		if len(removed)+len(added) == 0 {
			return nil
		}
		newest, err := r.newestApplied(ctx)
		if err != nil {
			return err
		}
		detail := driftDetail(removed, added, snap.lastVersion)
		detail["reason"] = reason
		tx, err := r.conn.Begin(ctx)
		if err != nil {
			return r.wrap(err, "begin")
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		if _, err := tx.Exec(ctx, `INSERT INTO `+pgutil.QuoteIdent(r.schema)+`.snapshots (last_version, digest, schema_text) VALUES (nullif($1, ''), $2, $3)`,
			newest, digest(text), text); err != nil {
			return r.wrap(err, "record the schema snapshot")
		}
		if err := r.event(ctx, tx, "drift-accepted", "", detail); err != nil {
			return r.wrap(err, "write the event log")
		}
		return r.wrap(tx.Commit(ctx), "commit the accepted drift")
	})
	return removed, added, err
}

// Actor is who the runner records as having applied or accepted: the
// configured actor, else the OS user.
func (r *Runner) Actor() string { return r.opt.Actor }

// newestApplied is the newest applied (or baselined) version, "" if none.
func (r *Runner) newestApplied(ctx context.Context) (string, error) {
	rows, err := history.Read(ctx, r.conn, r.schema)
	if err != nil {
		return "", r.wrap(err, "read the history")
	}
	newest := ""
	for _, row := range rows {
		if (row.Status == history.StatusApplied || row.Status == history.StatusBaseline) && (newest == "" || migration.CompareKeys(row.Version, newest) > 0) {
			newest = row.Version
		}
	}
	return newest, nil
}

// SnapshotBehind lists the versions applied after the newest snapshot was
// taken (under migrations.drift: warn, a run on a drifted target keeps the
// old snapshot): their changes are part of what Drift reports.
func (r *Runner) SnapshotBehind(ctx context.Context) ([]string, error) {
	snap, err := r.latestSnapshot(ctx)
	if err != nil || snap == nil {
		return nil, err
	}
	rows, err := history.Read(ctx, r.conn, r.schema)
	if err != nil {
		return nil, r.wrap(err, "read the history")
	}
	var behind []string
	for _, row := range rows {
		if row.Status == history.StatusApplied && row.FinishedAt != nil && row.FinishedAt.After(snap.takenAt) {
			behind = append(behind, row.Version)
		}
	}
	return behind, nil
}

// driftDetail is the event detail of a drift: a summary and the rendered
// difference.
func driftDetail(removed, added []string, snapshotVersion string) map[string]any {
	return map[string]any{"summary": DriftSummary(removed, added), "diff": DriftLines(removed, added), "snapshotVersion": snapshotVersion}
}

// DriftSummary counts a difference as "N added, N removed, N changed",
// leaving out the zeros; a changed statement is one removed and added
// with the same first line (see DriftLines).
func DriftSummary(removed, added []string) string {
	changed := len(pairChanged(removed, added))
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{len(added) - changed, "added"}, {len(removed) - changed, "removed"}, {changed, "changed"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	if len(parts) == 0 {
		return "no difference"
	}
	return strings.Join(parts, ", ")
}

// pairChanged maps each removed statement changed in place (one with a
// line break, whose first line, such as a table's CREATE TABLE, starts an
// added one) to that added statement.
func pairChanged(removed, added []string) map[int]int {
	byHead := map[string][]int{}
	for j, a := range added {
		h := statementHead(a)
		byHead[h] = append(byHead[h], j)
	}
	pairs := map[int]int{}
	for i, r := range removed {
		h := statementHead(r)
		js := byHead[h]
		if len(js) == 0 || !strings.Contains(r, "\n") {
			continue
		}
		pairs[i], byHead[h] = js[0], js[1:]
	}
	return pairs
}

// DriftLines renders a difference as lines, not escaped: "-" statements
// as recorded, "+" as the database has them now. A statement changed in
// place prints as "~ first line" followed by the lines that changed, so
// one new column reads as one line. The lines of a multi-line statement
// are indented to read as one item.
func DriftLines(removed, added []string) []string {
	pairs := pairChanged(removed, added)
	paired := map[int]bool{}
	var out []string
	for i, r := range removed {
		j, ok := pairs[i]
		if !ok {
			out = append(out, marked("- ", r)...)
			continue
		}
		paired[j] = true
		out = append(out, "~ "+statementHead(r))
		gone, came := changedLines(r, added[j])
		for _, l := range gone {
			out = append(out, "  - "+l)
		}
		for _, l := range came {
			out = append(out, "  + "+l)
		}
	}
	for j, a := range added {
		if !paired[j] {
			out = append(out, marked("+ ", a)...)
		}
	}
	return out
}

func statementHead(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// changedLines returns the lines after the first only in a and only in b,
// each trimmed of indentation and of the comma that separates list items
// (a column added at the end adds one to the line before it).
func changedLines(a, b string) (onlyA, onlyB []string) {
	norm := func(s string) []string {
		lines := strings.Split(s, "\n")[1:]
		for i, l := range lines {
			lines[i] = strings.TrimSuffix(strings.TrimSpace(l), ",")
		}
		return lines
	}
	count := map[string]int{}
	for _, l := range norm(a) {
		count[l]++
	}
	for _, l := range norm(b) {
		if count[l] > 0 {
			count[l]--
		} else {
			onlyB = append(onlyB, l)
		}
	}
	for _, l := range norm(a) {
		if count[l] > 0 {
			count[l]--
			onlyA = append(onlyA, l)
		}
	}
	return onlyA, onlyB
}

// marked puts mark before a statement's first line and indents the others
// to match.
func marked(mark, stmt string) []string {
	lines := strings.Split(stmt, "\n")
	lines[0] = mark + lines[0]
	for i := 1; i < len(lines); i++ {
		lines[i] = "  " + lines[i]
	}
	return lines
}
