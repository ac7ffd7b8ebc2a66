package rollback

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanSetDefault reports ALTER COLUMN ... SET DEFAULT on an existing table.
var BanSetDefault = &rules.Rule{
	Code: "SR242", Name: "ban-set-default",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Changing the default of a column of an existing table",
		Why: "Inserts that omit the column store whatever the default says, so a new default changes the data written by code " +
			"that did not change, the previous release's after a rollback included. Off by default: a new default is often the " +
			"intended change. Tables and columns created earlier in the same file are not reported.",
		Bad:  "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';",
		Good: "ALTER TABLE orders ADD COLUMN priority integer DEFAULT 0;",
	},
	Check: func(p *rules.Pass) {
		reportCmds(p, tableKinds, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string {
			if cmd.GetDef() == nil || !columnCmd(p, rel, cmd, pg_query.AlterTableType_AT_ColumnDefault) {
				return ""
			}
			return fmt.Sprintf("changing the default of column %s of %s changes what inserts that omit it store; "+
				"make clients supply the value explicitly first", rules.Quote(cmd.GetName()), rules.RelName(rel))
		})
	},
}
