package locking

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// ConstraintMissingNotValid reports CHECK and (PostgreSQL 18) NOT NULL
// constraints added to an existing table without NOT VALID, and VALIDATE CONSTRAINT (of any constraint) run in
// the same transaction as the NOT VALID add. Foreign keys added without NOT
// VALID are adding-foreign-key-constraint's concern: Squawk reports them
// under both names, which doubles every finding; we report each problem once.
var ConstraintMissingNotValid = &rules.Rule{
	Code: "SR108", Name: "constraint-missing-not-valid",
	Aliases: []string{"constraintMissingNotValid", "statement.add-check-not-valid", "STATEMENT_ADD_CHECK_NOT_VALID",
		"banNotValidValidateSameTransaction", "requireSeparateConstraintValidation"},
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixSometimes,
	Doc: rules.Doc{
		Title: "CHECK or NOT NULL constraint added without NOT VALID, or validated in the same transaction",
		Why: "Adding a CHECK constraint, or on PostgreSQL 18 a NOT NULL constraint (ADD CONSTRAINT name NOT NULL col), scans " +
			"the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes " +
			"until every row is checked (foreign keys are covered by adding-foreign-key-constraint). With NOT VALID the " +
			"constraint is added at once and only new rows are checked; VALIDATE CONSTRAINT later scans under a SHARE UPDATE " +
			"EXCLUSIVE lock that lets reads and writes continue (for a NOT NULL constraint, PostgreSQL 18 then marks the column NOT " +
			"NULL). Validating in the same transaction as the NOT VALID add " +
			"keeps the first lock for the whole scan, which undoes the benefit.",
		Bad: "ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0);",
		Good: "BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;\nCOMMIT;\n" +
			"-- in a transaction of its own (or the next migration):\n" +
			"BEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive;\nCOMMIT;",
		FixSafety: "Appends NOT VALID to the constraint and, for a named one, adds the VALIDATE CONSTRAINT step on the next line: " +
			"as a statement when it then runs in a transaction of its own (the file runs statement by statement and the ADD is " +
			"outside BEGIN ... COMMIT), else as a comment to move into the next migration. Marked unsafe: existing rows are not " +
			"checked until VALIDATE CONSTRAINT runs.",
	},
	Check: checkConstraintMissingNotValid,
}

func checkConstraintMissingNotValid(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	s := p.Stmt
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddConstraint:
			con := cmd.GetDef().GetConstraint()
			if con.GetSkipValidation() {
				return
			}
			var what string
			advice := "; add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction"
			switch con.GetContype() {
			case pg_query.ConstrType_CONSTR_CHECK:
				what = "adding CHECK constraint " + constraintLabel(con) + "to table " + a.name +
					" scans every row while holding an ACCESS EXCLUSIVE lock"
			case pg_query.ConstrType_CONSTR_NOTNULL:
				col := notNullColumn(con)
				if !notNullScans(p, a, col) {
					return
				}
				what = "adding NOT NULL constraint " + constraintLabel(con) + "on column " + rules.Quote(col) + " of table " +
					a.name + " scans every row while holding an ACCESS EXCLUSIVE lock"
				advice += ", which then marks the column NOT NULL"
			default:
				return
			}
			start, end := constraintRange(s, con)
			p.Report(rules.Diagnostic{Start: start, End: end, Message: what + advice,
				Fix: appendNotValid(p, a, con, end)})
		case pg_query.AlterTableType_AT_ValidateConstraint:
			if a.table == nil {
				return
			}
			con := a.table.Constraint(cmd.GetName())
			if msg := validateSameTx(p, con); msg != "" {
				start, end := s.CmdRange(a.starts, k)
				p.Reportf(start, end, "%s", msg)
			}
		}
	})
}

// notNullColumn returns the column of a table-level NOT NULL constraint
// (PostgreSQL 18: [CONSTRAINT name] NOT NULL col).
func notNullColumn(con *pg_query.Constraint) string {
	if keys := con.GetKeys(); len(keys) == 1 {
		return keys[0].GetString_().GetSval()
	}
	return ""
}

// notNullScans reports whether making col of the altered table NOT NULL
// scans it: not when it is NOT NULL already, nor (PostgreSQL 12+) when a
// validated CHECK (col IS NOT NULL) proves it.
func notNullScans(p *rules.Pass, a *alterTable, col string) bool {
	if a.table == nil {
		return true
	}
	if c := a.table.Column(col); c != nil && c.NotNull {
		return false
	}
	return p.PGVersion < 12 || !a.table.HasValidatedNotNullCheck(col)
}

// validateSameTx explains why validating con here runs in the transaction
// that added it NOT VALID, or returns "".
func validateSameTx(p *rules.Pass, con *catalog.Constraint) string {
	if con == nil || con.Validated || con.Created.File != p.File.Path {
		return ""
	}
	idx := con.Created.Stmt
	if idx < 0 || idx >= len(p.File.Statements) || idx >= p.Stmt.Index {
		return ""
	}
	line := p.File.Position(p.File.Statements[idx].Start).Line
	name := rules.Quote(con.Name)
	if !p.Transactions().SameTransaction(idx, p.Stmt.Index) {
		return ""
	}
	if p.Tx.Depth > 0 && p.Tx.Open != nil && idx > p.Tx.Open.Index {
		return fmt.Sprintf("validating constraint %s in the transaction that added it NOT VALID (line %d) keeps that statement's lock during the whole scan; COMMIT first and VALIDATE CONSTRAINT in a separate transaction", name, line)
	}
	return fmt.Sprintf("validating constraint %s in the migration file that added it NOT VALID (line %d) runs in the same transaction, which keeps that statement's lock during the whole scan; VALIDATE CONSTRAINT in the next migration", name, line)
}
