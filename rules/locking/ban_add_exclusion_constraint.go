package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAddExclusionConstraint reports an exclusion constraint added to an
// existing table.
var BanAddExclusionConstraint = &rules.Rule{
	Code: "SR118", Name: "ban-add-exclusion-constraint",
	Aliases:  []string{"banAddExclusionConstraint", "avoidAddingExclusionConstraint"}, // postgres-language-server, new and old names
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Exclusion constraint added to an existing table",
		Why: "ADD CONSTRAINT ... EXCLUDE builds its index and checks every row while holding an ACCESS EXCLUSIVE lock, blocking " +
			"all reads and writes for the whole build. Unlike UNIQUE, an exclusion constraint cannot be attached from an index " +
			"built CONCURRENTLY, nor added NOT VALID. Add it when the table is created, or during a maintenance window.",
		Bad:  "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);",
		Good: "CREATE TABLE bookings (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));",
	},
	Check: checkBanAddExclusionConstraint,
}

func checkBanAddExclusionConstraint(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		con := cmd.GetDef().GetConstraint()
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddConstraint || con.GetContype() != pg_query.ConstrType_CONSTR_EXCLUSION {
			return
		}
		start, end := constraintRange(p.Stmt, con)
		p.Reportf(start, end, "adding an exclusion constraint to table %s builds its index under an ACCESS EXCLUSIVE lock, blocking all reads and writes; add it when the table is created or in a maintenance window", a.name)
	})
}
