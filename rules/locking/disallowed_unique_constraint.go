package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// DisallowedUniqueConstraint reports a UNIQUE constraint added to an existing
// table without USING INDEX.
var DisallowedUniqueConstraint = &rules.Rule{
	Code: "SR109", Name: "disallowed-unique-constraint",
	Aliases:  []string{"disallowUniqueConstraint", "disallow-unique-constraint"},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "UNIQUE constraint added without USING INDEX",
		Why: "ADD CONSTRAINT ... UNIQUE (or a new column declared UNIQUE) builds the unique index while holding an ACCESS " +
			"EXCLUSIVE lock on the table, so all reads and writes wait for the whole build. Build the index with CREATE " +
			"UNIQUE INDEX CONCURRENTLY first, then attach it with ADD CONSTRAINT ... UNIQUE USING INDEX, which is instant.",
		Bad: "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
		Good: "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n" +
			"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
	},
	Check: checkDisallowedUniqueConstraint,
}

const uniqueAdvice = "create the index with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX"

func checkDisallowedUniqueConstraint(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	s := p.Stmt
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddConstraint:
			con := cmd.GetDef().GetConstraint()
			if con.GetContype() != pg_query.ConstrType_CONSTR_UNIQUE || con.GetIndexname() != "" {
				return
			}
			start, end := constraintRange(s, con)
			p.Reportf(start, end, "adding UNIQUE constraint %sto table %s builds its index while holding an ACCESS EXCLUSIVE lock; %s",
				constraintLabel(con), a.name, uniqueAdvice)
		case pg_query.AlterTableType_AT_AddColumn:
			col := cmd.GetDef().GetColumnDef()
			if len(columnConstraints(col, pg_query.ConstrType_CONSTR_UNIQUE)) == 0 {
				return
			}
			start, end := columnDefRange(s, col)
			p.Reportf(start, end, "adding column %s as UNIQUE builds an index on table %s while holding an ACCESS EXCLUSIVE lock; add the column without UNIQUE, then %s",
				rules.Quote(col.GetColname()), a.name, uniqueAdvice)
		}
	})
}
