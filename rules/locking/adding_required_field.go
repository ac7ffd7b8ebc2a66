package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// AddingRequiredField reports ADD COLUMN ... NOT NULL without a default on
// an existing table.
var AddingRequiredField = &rules.Rule{
	Code: "SR105", Name: "adding-required-field",
	Aliases:  []string{"addingRequiredField", "MF103"},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "ADD COLUMN ... NOT NULL without a default",
		Why: "Existing rows get NULL in a new column that has no default, which a NOT NULL (or PRIMARY KEY) column refuses: " +
			"the statement fails with \"column contains null values\" as soon as the table has a row, typically in " +
			"production after it passed on an empty development database. Running application code that inserts rows " +
			"without the column breaks too. Tables emptied earlier in the same transaction (TRUNCATE, or DELETE without " +
			"WHERE) are not reported.",
		Bad:  "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;",
		Good: "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;",
	},
	Check: checkAddingRequiredField,
}

func checkAddingRequiredField(p *rules.Pass) {
	a := alterExistingTable(p)
	if a == nil || emptiedEarlier(p, a.rel.GetSchemaname(), a.rel.GetRelname(), true) {
		return // no row to reject the column
	}
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddColumn {
			return
		}
		col := cmd.GetDef().GetColumnDef()
		if col == nil {
			return
		}
		why := ""
		switch {
		case col.GetIsNotNull() || len(columnConstraints(col, pg_query.ConstrType_CONSTR_NOTNULL)) > 0:
			why = "NOT NULL"
		case len(columnConstraints(col, pg_query.ConstrType_CONSTR_PRIMARY)) > 0:
			why = "PRIMARY KEY (which implies NOT NULL)"
		default:
			return
		}
		// These give every existing row a value.
		if columnDefault(col) != nil || serialType(col) != "" ||
			len(columnConstraints(col, pg_query.ConstrType_CONSTR_IDENTITY)) > 0 ||
			len(columnConstraints(col, pg_query.ConstrType_CONSTR_GENERATED)) > 0 ||
			col.GetIdentity() != "" || col.GetGenerated() != "" {
			return
		}
		start, end := columnDefRange(p.Stmt, col)
		p.Reportf(start, end, "adding column %s as %s without a default fails if table %s has any row; add a DEFAULT, or add the column nullable, backfill it, then SET NOT NULL",
			rules.Quote(col.GetColname()), why, a.name)
	})
}
