package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropNotNull reports ALTER COLUMN ... DROP NOT NULL on an existing table.
var BanDropNotNull = &rules.Rule{
	Code: "SR206", Name: "ban-drop-not-null",
	Aliases:  []string{"banDropNotNull"}, // postgres-language-server
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "DROP NOT NULL on a column of an existing table",
		Why: "Code written against the column assumes it always has a value; once NULLs can be stored, readers that do not " +
			"expect them fail or misbehave, and a rollback of the application does not remove the NULLs already written. " +
			"Off by default: making a column nullable is also the usual first step of removing it, and it is not a locking problem.",
		Bad:  "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
		Good: "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';",
	},
	Check: func(p *rules.Pass) {
		existingTableCmds(p, func(table string, cmd *pg_query.AlterTableCmd, start, end int) {
			if cmd.GetSubtype() == pg_query.AlterTableType_AT_DropNotNull {
				p.Reportf(start, end, "dropping NOT NULL on column %s of table %s lets NULLs reach code that assumes a value; make sure every reader handles NULL first", rules.Quote(cmd.GetName()), table)
			}
		})
	},
}
