package locking

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
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
			"which refuses it) and, for a named constraint, adds the VALIDATE CONSTRAINT step on the next line: as a statement when " +
			"it then runs in a transaction of its own (the file runs statement by statement and the ADD is outside BEGIN ... COMMIT), " +
			"else as a comment to move into the next migration. Marked unsafe: existing rows stay unchecked until VALIDATE " +
			"CONSTRAINT runs, and a VALIDATE that finds a bad row fails the migration where the original statement would have.",
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
				Fix:     appendNotValid(p, a, con, end)})
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

// appendNotValid is the fix that marks the constraint con, ending at end,
// NOT VALID, and adds its VALIDATE step after the statement. When the
// statement commits on its own (in no transaction under the runner's
// transaction model), the step is an ALTER TABLE ... VALIDATE
// CONSTRAINT statement, which then runs in a transaction of its own under a
// SHARE UPDATE EXCLUSIVE lock. Otherwise it would run in the same
// transaction, so the step is a comment to move into the next migration.
func appendNotValid(p *rules.Pass, a *alterTable, con *pg_query.Constraint, end int) *rules.Fix {
	s := p.Stmt
	edits := []rules.Edit{{Start: end, End: end, NewText: " NOT VALID"}}
	name := constraintNameText(s, con)
	table := ""
	if loc := a.rel.GetLocation(); loc >= 0 {
		at := s.Abs(loc)
		table = p.File.Text[at:s.NameEndOffset(at)]
	}
	if name != "" && table != "" {
		validate := "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + name + ";"
		if p.Transactions().InTransaction(s.Index) {
			// A VALIDATE in the same transaction would keep the lock.
			validate = "-- sqlreview: in a later migration: " + validate
		}
		if s.Semi >= 0 {
			at, more := lineEnd(p.File.Text, s.Semi+1)
			nl := "\n"
			if at < len(p.File.Text) && p.File.Text[at] == '\r' {
				nl = "\r\n" // keep the file's line endings
			}
			text := nl + validate
			if more {
				text += nl
			}
			edits = append(edits, rules.Edit{Start: at, End: at, NewText: text})
		}
	}
	return &rules.Fix{Title: "Add the constraint NOT VALID and validate it separately", Safe: false, Edits: edits}
}

// constraintNameText returns the constraint's name as written after
// CONSTRAINT, or "" when it has none.
func constraintNameText(s *source.Statement, con *pg_query.Constraint) string {
	if con.GetConname() == "" || con.GetLocation() < 0 {
		return ""
	}
	i := s.TokenIndex(s.Abs(con.GetLocation()))
	if !s.TokenIs(i, "CONSTRAINT") || i+1 >= len(s.Tokens()) {
		return ""
	}
	return s.File().TokenText(s.Tokens()[i+1])
}

// lineEnd returns where to insert a line after the statement whose ';' ends
// at off: the end of that line when only blanks or a -- comment follow it
// (before "\r\n" or "\n"); else off itself, with more set (the inserted
// line must then end with a line break).
func lineEnd(text string, off int) (int, bool) {
	rest := text[off:]
	n := len(rest)
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		n = i
		if n > 0 && rest[n-1] == '\r' {
			n--
		}
	}
	if t := strings.TrimSpace(rest[:n]); t == "" || strings.HasPrefix(t, "--") {
		return off + n, false
	}
	return off, true
}
