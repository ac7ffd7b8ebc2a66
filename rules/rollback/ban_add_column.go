package rollback

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAddColumn reports ALTER TABLE ... ADD COLUMN on an existing table.
var BanAddColumn = &rules.Rule{
	Code: "SR211", Name: "ban-add-column",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Adding a column to an existing table",
		Why: "A new column is harmless to code that names its columns, but code that runs SELECT * and decodes rows by position, " +
			"or inserts with VALUES and no column list, sees one value more than it expects; the previous release does the same " +
			"after a rollback, since the column stays. Off by default: most code names its columns. Tables (and foreign tables) " +
			"created earlier in the same file are not reported.",
		Bad:  "ALTER TABLE accounts ADD COLUMN status text;",
		Good: "CREATE TABLE accounts (id bigint PRIMARY KEY);\nALTER TABLE accounts ADD COLUMN status text;",
	},
	Check: func(p *rules.Pass) {
		reportCmds(p, tableKinds, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string {
			if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddColumn {
				return ""
			}
			return fmt.Sprintf("adding column %s to %s changes what SELECT * returns and what an INSERT without a column list expects; "+
				"make sure the running and the previous release name their columns", rules.Quote(cmd.GetDef().GetColumnDef().GetColname()), rules.RelName(rel))
		})
	},
}
