package rollback

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropGeneratedExpression reports ALTER COLUMN ... DROP EXPRESSION on an
// existing table.
var BanDropGeneratedExpression = &rules.Rule{
	Code: "SR232", Name: "ban-drop-generated-expression",
	Category: rules.Compat, Severity: rules.Warning, Default: true,
	Doc: rules.Doc{
		Title: "Turning a generated column into an ordinary column",
		Why: "After DROP EXPRESSION the column keeps its current values but nothing computes it any more: rows written later " +
			"hold whatever the writer supplies, NULL or the default when it supplies nothing. Code of the running or the previous " +
			"release that reads the column as always derived from the other columns gets stale or missing values. Adding a " +
			"generated column and SET EXPRESSION are ban-alter-generated-expression's; tables and columns created earlier in the " +
			"same file are not reported.",
		Bad:  "ALTER TABLE line_items ALTER COLUMN total DROP EXPRESSION;",
		Good: "ALTER TABLE line_items ALTER COLUMN total SET STATISTICS 200;",
	},
	Check: func(p *rules.Pass) {
		reportCmds(p, onlyTable, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string {
			if !columnCmd(p, rel, cmd, pg_query.AlterTableType_AT_DropExpression) {
				return ""
			}
			return fmt.Sprintf("dropping the expression of generated column %s of %s leaves later rows uncomputed for code that "+
				"reads it as derived; check how every release reads and writes it first", rules.Quote(cmd.GetName()), rules.RelName(rel))
		})
	},
}
