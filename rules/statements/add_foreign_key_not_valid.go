package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// AddForeignKeyNotValid reports every ALTER TABLE ... ADD FOREIGN KEY
// without NOT VALID, on any table.
var AddForeignKeyNotValid = &rules.Rule{
	Code: "SR418", Name: "add-foreign-key-not-valid",
	Aliases: []string{
		"statement.add-foreign-key-not-valid", // Bytebase rule key
		"STATEMENT_ADD_FOREIGN_KEY_NOT_VALID", // Bytebase rule enum
	},
	Category: rules.Locking, Severity: rules.Warning, Default: false, Fix: rules.FixSometimes,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "ALTER TABLE ... ADD FOREIGN KEY without NOT VALID (any table)",
		Why: "Bytebase's policy rule: adding a foreign key validates every existing row while holding SHARE ROW EXCLUSIVE locks on both tables, so the rule asks for NOT VALID plus a separate VALIDATE CONSTRAINT on every ALTER TABLE, " +
			"even for a table created earlier in the same file (where nothing waits). Foreign keys declared inside CREATE TABLE are not checked. " +
			"adding-foreign-key-constraint (on by default) reports only the foreign keys that lock an existing table.",
		Bad:       "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
		Good:      "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;",
		FixSafety: "Appends NOT VALID. Existing rows are then not checked until VALIDATE CONSTRAINT runs, so the fix is unsafe: add the VALIDATE step (in a later transaction) yourself.",
	},
	Check: checkAddForeignKeyNotValid,
}

func checkAddForeignKeyNotValid(p *rules.Pass) {
	alterTableCmds(p, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, start, end int) {
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddConstraint {
			return
		}
		con := cmd.GetDef().GetConstraint()
		if con.GetContype() != pg_query.ConstrType_CONSTR_FOREIGN || con.GetSkipValidation() {
			return
		}
		var fix *rules.Fix
		if end != p.Stmt.End || len(p.Stmt.Node.GetAlterTableStmt().GetCmds()) == 1 {
			fix = &rules.Fix{Title: "Add NOT VALID", Safe: false, Edits: []rules.Edit{{Start: end, End: end, NewText: " NOT VALID"}}}
		}
		p.Report(rules.Diagnostic{Start: start, End: end, Fix: fix,
			Message: "foreign key on " + rules.RelName(rel) + " referencing " + rules.RelName(con.GetPktable()) +
				" is validated while both tables are locked; add it NOT VALID, then VALIDATE CONSTRAINT separately"})
	})
}
