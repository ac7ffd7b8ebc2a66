package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// DisallowAddColumnWithDefault reports every ALTER TABLE ... ADD COLUMN
// with a DEFAULT.
var DisallowAddColumnWithDefault = &rules.Rule{
	Code: "SR417", Name: "disallow-add-column-with-default",
	Aliases: []string{
		"statement.disallow-add-column-with-default", // Bytebase rule key
		"STATEMENT_DISALLOW_ADD_COLUMN_WITH_DEFAULT", // Bytebase rule enum
	},
	Category: rules.Locking, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "ADD COLUMN with a DEFAULT (any default)",
		Why: "Bytebase's policy rule: every ADD COLUMN ... DEFAULT is reported, whatever the default and the PostgreSQL version. " +
			"Before PostgreSQL 11, and on any version with a volatile default (random(), clock_timestamp(), ...), the ADD rewrites the whole table under an ACCESS EXCLUSIVE lock. " +
			"Teams that support old servers, or want one simple rule, add the column without a default, set the default separately and backfill in batches. " +
			"adding-field-with-default (on by default) reports only the defaults that really rewrite the table on the target version.",
		Bad:  "ALTER TABLE users ADD COLUMN score int DEFAULT 0;",
		Good: "ALTER TABLE users ADD COLUMN score int;\nALTER TABLE users ALTER COLUMN score SET DEFAULT 0;",
	},
	Check: checkDisallowAddColumnWithDefault,
}

func checkDisallowAddColumnWithDefault(p *rules.Pass) {
	alterTableCmds(p, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, start, end int) {
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddColumn {
			return
		}
		cd := cmd.GetDef().GetColumnDef()
		for _, c := range cd.GetConstraints() {
			if c.GetConstraint().GetContype() == pg_query.ConstrType_CONSTR_DEFAULT {
				p.Reportf(start, end, "column %s is added to %s with a DEFAULT; add it without one, then SET DEFAULT and backfill in batches",
					rules.Quote(cd.GetColname()), rules.RelName(rel))
				return
			}
		}
	})
}
