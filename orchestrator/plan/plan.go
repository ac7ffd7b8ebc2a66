// Package plan decides what apply would do on a target: the local
// migration files against the target's history rows. It is pure, so the
// rules (edited files, out-of-order, resume) are tested without a
// database.
package plan

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/rules/engine"
)

// PendingFile is one file apply would run.
type PendingFile struct {
	*migration.Migration
	// ResumeAt is the first statement to run: >0 when an interrupted
	// statement-by-statement file is resumed.
	ResumeAt int
	// Previous is the history row of an earlier failed or interrupted
	// attempt (nil when none).
	Previous *history.Row
}

// Plan is what apply would do.
type Plan struct {
	Target  string
	Pending []*PendingFile
	// Applied counts the local files already applied (or covered by a
	// baseline).
	Applied int
	// Warnings are problems that do not stop an apply (an applied version
	// missing locally).
	Warnings []string
	// Findings are the review findings for the pending files; Blocked is
	// set when one is at or above fail-on.
	Findings []engine.Finding
	Blocked  bool
	// Reviewed is false when the review was skipped.
	Reviewed bool
	// NoHistory is set when the target has no history table yet.
	NoHistory bool
	// Database is the target's database name that routed files are
	// matched against; Routed are the files whose names route them to
	// another database (see Route and NoteRouted).
	Database string
	Routed   []RoutedAway
	// missing maps a version applied here without a local file to its
	// warning in Warnings.
	missing map[string]int
}

// Integrity errors; the message names the file and the fix.
var (
	ErrChecksum   = errors.New("checksum mismatch")
	ErrOutOfOrder = errors.New("out-of-order migration")
)

// Build compares the local files with the history. It is pure, so the
// rules (edited files, out-of-order, resume) are tested without a database.
func Build(local []*migration.Migration, rows []history.Row, allowOutOfOrder bool) (*Plan, error) {
	p := &Plan{}
	byVersion := map[string]*history.Row{}
	baseline, newest := "", ""
	for i := range rows {
		row := &rows[i]
		byVersion[row.Version] = row
		switch row.Status {
		case history.StatusBaseline:
			if baseline == "" || migration.CompareKeys(row.Version, baseline) > 0 {
				baseline = row.Version
			}
		case history.StatusApplied:
			if newest == "" || migration.CompareKeys(row.Version, newest) > 0 {
				newest = row.Version
			}
		}
	}
	if baseline != "" && (newest == "" || migration.CompareKeys(baseline, newest) > 0) {
		newest = baseline
	}
	localKeys := map[string]bool{}
	var problems []string
	for _, m := range local {
		localKeys[m.Key] = true
		row := byVersion[m.Key]
		switch {
		case row != nil && row.Status == history.StatusApplied:
			if row.Checksum != m.Checksum {
				problems = append(problems, fmt.Sprintf("%s was edited after it was applied: the database recorded checksum %s, the file now has %s; "+
					"revert the edit and put the change in a new migration, or accept it with `sqlreview repair --version %s`",
					m.Path, row.Checksum, m.Checksum, m.Version.Raw))
				continue
			}
			p.Applied++
		case row != nil && row.Status == history.StatusBaseline, baseline != "" && migration.CompareKeys(m.Key, baseline) <= 0:
			p.Applied++
		default:
			pf := &PendingFile{Migration: m}
			if row != nil {
				prev := *row
				pf.Previous = &prev
				if m.TxMode == migration.TxNone && row.TxMode == migration.TxNone {
					pf.ResumeAt = row.StatementsApplied
				}
			}
			if newest != "" && migration.CompareKeys(m.Key, newest) < 0 && !allowOutOfOrder && row == nil {
				return nil, fmt.Errorf("%w: %s (version %s) is older than the newest applied version %s; give it a newer version, "+
					"or set `migrations.out-of-order: allow` in .sqlreview.yaml", ErrOutOfOrder, m.Path, m.Version.Raw, newest)
			}
			p.Pending = append(p.Pending, pf)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrChecksum, strings.Join(problems, "; "))
	}
	for _, row := range rows {
		if !localKeys[row.Version] && row.Status != history.StatusBaseline {
			if p.missing == nil {
				p.missing = map[string]int{}
			}
			p.missing[row.Version] = len(p.Warnings)
			p.Warnings = append(p.Warnings, fmt.Sprintf("version %s (%s) is %s in the database but has no file in the migrations directory", row.Version, row.Name, row.Status))
		}
	}
	return p, nil
}
