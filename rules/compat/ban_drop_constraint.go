package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// BanDropConstraint reports ALTER TABLE ... DROP CONSTRAINT on an existing
// table.
var BanDropConstraint = &rules.Rule{
	Code: "SR210", Name: "ban-drop-constraint",
	Aliases: []string{
		"CD101", // Atlas: foreign-key constraint dropped
	},
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Dropping a constraint of an existing table",
		Why: "A constraint is a guarantee the application and other constraints rely on: dropping a foreign key lets orphans in " +
			"and stops ON DELETE actions, dropping a UNIQUE or CHECK lets duplicate or invalid rows in, and none of it comes back " +
			"by rolling the code back — re-adding the constraint later fails on the rows written meanwhile. Constraints added " +
			"earlier in the same file are not reported. Off by default: replacing a constraint is routine; turn it on to have " +
			"each removal reviewed.",
		Bad:  "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;",
		Good: "ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;",
	},
	Check: func(p *rules.Pass) {
		at := p.Stmt.Node.GetAlterTableStmt()
		existingTableCmds(p, func(table string, cmd *pg_query.AlterTableCmd, start, end int) {
			if cmd.GetSubtype() != pg_query.AlterTableType_AT_DropConstraint {
				return
			}
			what := "constraint"
			if tb := p.Catalog.Table(at.GetRelation().GetSchemaname(), at.GetRelation().GetRelname()); tb != nil {
				if c := tb.Constraint(cmd.GetName()); c != nil {
					if c.Created.File == p.File.Path {
						return
					}
					if c.Type == catalog.ForeignKey {
						what = "foreign key"
					}
				}
			}
			p.Reportf(start, end, "dropping %s %s of table %s removes a guarantee existing code and data rely on; make sure nothing depends on it", what, rules.Quote(cmd.GetName()), table)
		})
	},
}
