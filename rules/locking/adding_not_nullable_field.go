package locking

import (
	"fmt"
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/config"
)

// AddingNotNullableField reports ALTER COLUMN ... SET NOT NULL on an
// existing table.
var AddingNotNullableField = &rules.Rule{
	Code: "SR106", Name: "adding-not-nullable-field",
	// Not Bytebase's statement.disallow-add-not-null / STATEMENT_DISALLOW_ADD_NOT_NULL:
	// that flags every SET NOT NULL, even on a column already NOT NULL or a
	// table created in the same file, where nothing is scanned.
	Aliases:  []string{"addingNotNullField", "MF104"},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock",
		Why: "ALTER COLUMN ... SET NOT NULL checks every row while holding an ACCESS EXCLUSIVE lock, so all reads and writes " +
			"of the table wait for a full scan. From PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT " +
			"NULL) constraint already proves it: add that constraint NOT VALID (instant), VALIDATE it in a separate " +
			"transaction (which allows reads and writes), then SET NOT NULL and drop the CHECK. On PostgreSQL 18, add the " +
			"not-null constraint itself NOT VALID (ADD CONSTRAINT name NOT NULL col NOT VALID) and VALIDATE CONSTRAINT it " +
			"in a separate transaction: that marks the column NOT NULL, with no SET NOT NULL and no CHECK to drop (adding " +
			"it without NOT VALID is reported by constraint-missing-not-valid).",
		Bad: "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
		Good: "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\n" +
			"-- in the next migration:\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;",
	},
	Check: checkAddingNotNullableField,
}

func checkAddingNotNullableField(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_SetNotNull {
			return
		}
		col := cmd.GetName()
		if a.table != nil {
			if c := a.table.Column(col); c != nil && c.NotNull {
				return // already NOT NULL: PostgreSQL does nothing
			}
			if p.PGVersion >= 12 && a.table.HasValidatedNotNullCheck(col) {
				return
			}
		}
		start, end := p.Stmt.CmdRange(a.starts, k)
		if con := validatedUnknownConstraint(a); con != nil && p.PGVersion >= 12 {
			p.Reportf(start, end, "setting column %s of table %s NOT NULL scans the whole table while holding an ACCESS EXCLUSIVE lock unless a validated "+
				"CHECK (%s IS NOT NULL) proves it; constraint %s, validated earlier, was created before the migrations sqlreview replays, so what it checks "+
				"is unknown: if it is that CHECK (or, on PostgreSQL 18, a NOT NULL constraint on %s), PostgreSQL skips the scan and this finding can be suppressed",
				rules.Quote(col), a.name, rules.Quote(col), rules.Quote(con.Name), rules.Quote(col))
			return
		}
		if p.PGVersion >= 18 {
			p.Reportf(start, end, "%s", setNotNullAdvice18(a, col))
			return
		}
		check := "CHECK (" + rules.Quote(col) + " IS NOT NULL)"
		if p.PGVersion > 0 && p.PGVersion < 12 {
			p.Reportf(start, end, "setting column %s of table %s NOT NULL scans the whole table while holding an ACCESS EXCLUSIVE lock, and PostgreSQL %s cannot skip the scan; keep a validated %s constraint instead, or SET NOT NULL after upgrading to PostgreSQL 12",
				rules.Quote(col), a.name, config.PostgresVersionName(p.PGVersion), check)
			return
		}
		p.Reportf(start, end, "setting column %s of table %s NOT NULL scans the whole table while holding an ACCESS EXCLUSIVE lock; add %s NOT VALID, VALIDATE it in a separate transaction, then SET NOT NULL",
			rules.Quote(col), a.name, check)
	})
}

// validatedUnknownConstraint returns a constraint of the altered table that
// the replay saw validated but never created (a placeholder): it may be the
// CHECK (col IS NOT NULL) that lets SET NOT NULL skip its scan.
func validatedUnknownConstraint(a *alterTable) *catalog.Constraint {
	if a.table == nil {
		return nil
	}
	for _, con := range a.table.Constraints {
		if con.Placeholder && con.Validated {
			return con
		}
	}
	return nil
}

// setNotNullAdvice18 is the finding for PostgreSQL 18, where a not-null
// constraint can be added NOT VALID and validated without blocking: SET NOT
// NULL would validate an existing NOT VALID one under ACCESS EXCLUSIVE.
func setNotNullAdvice18(a *alterTable, col string) string {
	if a.table != nil {
		for _, con := range a.table.Constraints {
			if con.Type == catalog.NotNullCon && !con.Validated && slices.Equal(con.Columns, []string{col}) {
				return fmt.Sprintf("setting column %s of table %s NOT NULL validates NOT VALID constraint %s by scanning the whole table "+
					"while holding an ACCESS EXCLUSIVE lock; VALIDATE CONSTRAINT %s instead, in a separate transaction (PostgreSQL 18 "+
					"then marks the column NOT NULL)", rules.Quote(col), a.name, rules.Quote(con.Name), rules.Quote(con.Name))
			}
		}
	}
	name := rules.Quote(a.rel.GetRelname() + "_" + col + "_not_null")
	return fmt.Sprintf("setting column %s of table %s NOT NULL scans the whole table while holding an ACCESS EXCLUSIVE lock; "+
		"ADD CONSTRAINT %s NOT NULL %s NOT VALID, then VALIDATE CONSTRAINT %s in a separate transaction (PostgreSQL 18 then "+
		"marks the column NOT NULL)", rules.Quote(col), a.name, name, rules.Quote(col), name)
}
