package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// DisallowAddNotNull reports every ALTER COLUMN ... SET NOT NULL.
var DisallowAddNotNull = &rules.Rule{
	Code: "SR419", Name: "disallow-set-not-null",
	Aliases: []string{
		"statement.disallow-add-not-null", // Bytebase rule key
		"STATEMENT_DISALLOW_ADD_NOT_NULL", // Bytebase rule enum
	},
	Category: rules.Locking, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "ALTER COLUMN ... SET NOT NULL (any table)",
		Why: "Bytebase's policy rule: SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock to check for NULLs, so the rule reports every one, " +
			"on any table and even when a validated CHECK (col IS NOT NULL) would let PostgreSQL 12+ skip the scan. " +
			"Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it separately, and keep the CHECK (or SET NOT NULL after it, which is then instant); " +
			"on PostgreSQL 18, ADD CONSTRAINT name NOT NULL col NOT VALID and VALIDATE CONSTRAINT name separately, which marks the column NOT NULL. " +
			"adding-not-nullable-field (on by default) reports only the SET NOT NULLs that really scan an existing table.",
		Bad:  "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
		Good: "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;",
	},
	Check: checkDisallowAddNotNull,
}

func checkDisallowAddNotNull(p *rules.Pass) {
	alterTableCmds(p, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, start, end int) {
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_SetNotNull {
			return
		}
		col := rules.Quote(cmd.GetName())
		if p.PGVersion >= 18 {
			// PostgreSQL 18 validates a NOT VALID not-null constraint without
			// blocking writes and then marks the column NOT NULL.
			name := rules.Quote(rel.GetRelname() + "_" + cmd.GetName() + "_not_null")
			p.Reportf(start, end, "SET NOT NULL on %s.%s scans the table under an ACCESS EXCLUSIVE lock; ADD CONSTRAINT %s NOT NULL %s NOT VALID and VALIDATE CONSTRAINT %s separately instead",
				rules.RelName(rel), col, name, col, name)
			return
		}
		p.Reportf(start, end, "SET NOT NULL on %s.%s scans the table under an ACCESS EXCLUSIVE lock; add CHECK (%s IS NOT NULL) NOT VALID and VALIDATE it separately instead",
			rules.RelName(rel), col, col)
	})
}
