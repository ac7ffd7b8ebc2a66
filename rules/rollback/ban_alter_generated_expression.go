package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterGeneratedExpression reports adding a generated column and
// ALTER COLUMN ... SET EXPRESSION on an existing table.
var BanAlterGeneratedExpression = &rules.Rule{
	Code: "SR217", Name: "ban-alter-generated-expression",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Adding a generated column, or changing a generation expression",
		Why: "PostgreSQL rejects an INSERT or UPDATE that writes a value into a generated column, so a new generated column " +
			"breaks code that writes every column (positional inserts, INSERT ... SELECT *, ORMs that list all attributes). " +
			"SET EXPRESSION recomputes the column for every row, and the previous release, after a rollback, reads values computed " +
			"by a rule it does not know. Off by default. DROP EXPRESSION is ban-drop-generated-expression's; tables and columns " +
			"created earlier in the same file are not reported.",
		Bad:  "ALTER TABLE line_items ALTER COLUMN total SET EXPRESSION AS (price * quantity);",
		Good: "ALTER TABLE line_items ADD COLUMN total numeric;",
	},
	Check: func(p *rules.Pass) {
		existingCmds(p, onlyTable, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, span cmdSpan) {
			switch cmd.GetSubtype() {
			case pg_query.AlterTableType_AT_SetExpression:
				if newColumn(p, rel, cmd.GetName()) {
					return
				}
				start, end := span()
				p.Reportf(start, end, "changing the expression of generated column %s of %s changes the values existing clients read; "+
					"check them first", rules.Quote(cmd.GetName()), rules.RelName(rel))
			case pg_query.AlterTableType_AT_AddColumn:
				cd := cmd.GetDef().GetColumnDef()
				for _, c := range cd.GetConstraints() {
					if c.GetConstraint().GetContype() == pg_query.ConstrType_CONSTR_GENERATED {
						start, end := span()
						p.Reportf(start, end, "adding generated column %s to %s makes inserts and updates that write every column fail; "+
							"make sure existing clients never write it", rules.Quote(cd.GetColname()), rules.RelName(rel))
						return
					}
				}
			}
		})
	},
}
