package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// AddingForeignKeyConstraint reports a foreign key added to an existing
// table without NOT VALID.
var AddingForeignKeyConstraint = &rules.Rule{
	Code: "SR107", Name: "adding-foreign-key-constraint",
	Aliases:  []string{"addingForeignKeyConstraint"},
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixSometimes,
	Doc: rules.Doc{
		Title: "Foreign key added without NOT VALID",
		Why: "Adding a foreign key checks every existing row against the referenced table while holding SHARE ROW EXCLUSIVE " +
			"locks on both tables, so writes to both wait for the whole scan (a new column's REFERENCES is only checked when " +
			"the column has a default). Add the constraint NOT VALID (it then only " +
			"checks new rows and commits at once), and VALIDATE CONSTRAINT in a later transaction, which scans without " +
			"blocking writes. Before PostgreSQL 18 a partitioned table refuses NOT VALID foreign keys: add the constraint to each " +
			"partition NOT VALID and validate it there first, then add it to the parent.",
		Bad: "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
		Good: "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n" +
			"-- in the next migration:\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;",
		FixSafety: "Appends NOT VALID to an ADD CONSTRAINT ... FOREIGN KEY (not offered on a partitioned table before PostgreSQL 18, " +
			"which refuses it). Existing rows are then no longer checked until VALIDATE CONSTRAINT runs, so the fix is marked " +
			"unsafe: add the VALIDATE step yourself.",
	},
	Check: checkAddingForeignKeyConstraint,
}

func checkAddingForeignKeyConstraint(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	s := p.Stmt
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddConstraint:
			con := cmd.GetDef().GetConstraint()
			if con.GetContype() != pg_query.ConstrType_CONSTR_FOREIGN || con.GetSkipValidation() {
				return
			}
			start, end := constraintRange(s, con)
			what := "adding foreign key " + constraintLabel(con) + "on table " + a.name + " referencing " + rules.RelName(con.GetPktable()) +
				" validates every row while holding SHARE ROW EXCLUSIVE locks on both tables; "
			if a.table != nil && a.table.Kind == catalog.KindPartitioned && p.PGVersion > 0 && p.PGVersion < 18 {
				// NOT VALID is refused there before PostgreSQL 18, so the
				// usual advice and fix would only trade the lock for an error.
				p.Reportf(start, end, "%sPostgreSQL %d cannot add a foreign key NOT VALID to a partitioned table: add it NOT VALID to each partition and VALIDATE it there in a separate transaction, then add it to the parent, which attaches the partitions' constraints instead of checking their rows again",
					what, p.PGVersion)
				return
			}
			p.Report(rules.Diagnostic{Start: start, End: end,
				Message: what + "add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction",
				Fix:     appendNotValid(end)})
		case pg_query.AlterTableType_AT_AddColumn:
			// PostgreSQL skips validating a new column's REFERENCES when the
			// column starts out NULL everywhere; a default makes it check
			// every row.
			col := cmd.GetDef().GetColumnDef()
			if columnDefault(col) == nil && serialType(col) == "" {
				return
			}
			for _, con := range columnConstraints(col, pg_query.ConstrType_CONSTR_FOREIGN) {
				start, end := columnDefRange(s, col)
				p.Reportf(start, end, "adding column %s with a default and a foreign key to %s validates every row while holding SHARE ROW EXCLUSIVE locks on tables %s and %s; add the column without REFERENCES, then ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID and VALIDATE CONSTRAINT in a separate transaction",
					rules.Quote(col.GetColname()), rules.RelName(con.GetPktable()), a.name, rules.RelName(con.GetPktable()))
				break
			}
		}
	})
}

// constraintLabel returns `"name" ` for a named constraint, else "".
func constraintLabel(con *pg_query.Constraint) string {
	if con.GetConname() == "" {
		return ""
	}
	return rules.Quote(con.GetConname()) + " "
}

// appendNotValid is the fix that marks a constraint ending at end NOT VALID.
func appendNotValid(end int) *rules.Fix {
	return &rules.Fix{Title: "Add the constraint NOT VALID", Safe: false,
		Edits: []rules.Edit{{Start: end, End: end, NewText: " NOT VALID"}}}
}
