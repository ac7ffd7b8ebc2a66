package plan

import (
	"fmt"

	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
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

// Unrouted lists the files whose names route them to a database that
// none of databases is: no target would ever run them.
func Unrouted(local []*migration.Migration, databases []string) []RoutedAway {
	has := map[string]bool{}
	for _, d := range databases {
		has[d] = true
	}
	var out []RoutedAway
	for _, m := range local {
		if db := m.Version.Database; db != "" && !has[db] {
			out = append(out, RoutedAway{Name: m.Name, Version: m.Key, Database: db, Kind: m.Version.Kind})
		}
	}
	return out
}
