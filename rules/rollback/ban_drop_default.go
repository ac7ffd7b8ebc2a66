package rollback

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropDefault reports ALTER COLUMN ... DROP DEFAULT on an existing table.
var BanDropDefault = &rules.Rule{
	Code: "SR228", Name: "ban-drop-default",
	Category: rules.Compat, Severity: rules.Warning, Default: true,
	Doc: rules.Doc{
		Title: "Dropping the default of a column of an existing table",
		Why: "Code that inserts without naming the column relies on its default. Once it is gone, such inserts fail with " +
			"not_null_violation (23502) when the column is NOT NULL, and quietly store NULL when it is nullable; the previous " +
			"release does the same after a rollback. Release code that always supplies the value, then drop the default in a " +
			"later migration. Tables and columns created earlier in the same file are not reported, nor a default set again later " +
			"in the file (the drop and set around a type change that ORMs write).",
		Bad:  "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;",
		Good: "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';",
	},
	Check: func(p *rules.Pass) {
		reportCmds(p, tableKinds, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string {
			if cmd.GetDef() != nil || !columnCmd(p, rel, cmd, pg_query.AlterTableType_AT_ColumnDefault) || defaultSetLater(p, rel, cmd.GetName()) {
				return ""
			}
			return fmt.Sprintf("dropping the default of column %s of %s makes inserts that omit it fail or store NULL, "+
				"the previous release's included; release code that always supplies it first", rules.Quote(cmd.GetName()), rules.RelName(rel))
		})
	},
}
