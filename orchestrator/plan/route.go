package plan

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/migfile"
)

// RoutedAway is a file whose name routes it to another database
// (Bytebase's db##version##kind##desc.sql): it is not for this target, so
// it is neither pending nor missing here.
type RoutedAway struct {
	Name    string
	Version string
	// Database is the database the file's name routes it to.
	Database string
	// Kind is the kind the name declares ("ddl", "dml" or "").
	Kind string
}

// Route splits local into the files for a target whose database is
// database and those routed to another one. A file without a database
// in its name goes to every target. Names are compared exactly, as
// PostgreSQL compares database names.
func Route(local []*migration.Migration, database string) (mine []*migration.Migration, away []RoutedAway) {
	for _, m := range local {
		if db := m.Version.Database; db != "" && db != database {
			away = append(away, RoutedAway{Name: m.Name, Version: m.Key, Database: db, Kind: m.Version.Kind})
			continue
		}
		mine = append(mine, m)
	}
	return mine, away
}

// NoteRouted records the target's database and the files routed away
// from it. A history row of such a file means it ran here anyway (before
// routing was honoured, or by hand): its "no file" warning says so
// instead, since the file exists but names another database.
func (p *Plan) NoteRouted(database string, away []RoutedAway, rows []history.Row) {
	p.Database, p.Routed = database, away
	byName := map[string]RoutedAway{}
	for _, a := range away {
		byName[a.Name] = a
	}
	for _, row := range rows {
		a, ok := byName[row.Name]
		i, warned := p.missing[row.Version]
		if !ok || !warned {
			continue
		}
		p.Warnings[i] = fmt.Sprintf("version %s (%s) is %s in this database (%s), but its name routes it to database %s; "+
			"if it ran here by mistake, undo its change in a new migration", row.Version, row.Name, row.Status, database, a.Database)
	}
}

// ErrRouting refuses an environment that has no target for the database
// a routed file names.
var ErrRouting = errors.New("no target for a routed file")

// CheckRoutes refuses when a file of names is routed (db##…) to a
// database no target of environment env is: every target would skip it,
// the stage would succeed without it, and the next stage would be
// promoted past a file that never ran. unknown names a target whose
// database is not known here (its URL needs an unset variable and it has
// no database: key); the check is then not made, and the caller warns.
func CheckRoutes(env string, ts []targets.Target, names []string) (unknown string, err error) {
	var dbs []string
	for _, t := range ts {
		name, ok := t.RouteName()
		if !ok {
			return t.Name + " (" + t.Missing + " is not set)", nil
		}
		dbs = append(dbs, name)
	}
	var lost []string
	first := ""
	for _, n := range names {
		v, ok := migfile.Parse(n)
		if !ok || v.Database == "" || slices.Contains(dbs, v.Database) {
			continue
		}
		if first == "" {
			first = v.Database
		}
		lost = append(lost, fmt.Sprintf("%s names database %s", n, v.Database))
	}
	if len(lost) == 0 {
		return "", nil
	}
	return "", fmt.Errorf("%w: %s, but no target of %s is that database (their databases: %s); add a target with `database: %s` to %s, or fix the database in the file name",
		ErrRouting, strings.Join(lost, "; "), env, strings.Join(slices.Compact(slices.Sorted(slices.Values(dbs))), ", "), first, env)
}
