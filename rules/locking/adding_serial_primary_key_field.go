package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// AddingSerialPrimaryKeyField reports a primary key added to an existing
// table without USING INDEX.
var AddingSerialPrimaryKeyField = &rules.Rule{
	Code: "SR110", Name: "adding-serial-primary-key-field",
	Aliases:  []string{"addingPrimaryKeyConstraint", "adding-primary-key-constraint"},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "PRIMARY KEY added to an existing table without USING INDEX",
		Why: "ADD PRIMARY KEY builds a unique index, and sets its columns NOT NULL (a full scan), while holding an ACCESS " +
			"EXCLUSIVE lock on the table, so all reads and writes wait; a new serial or identity PRIMARY KEY column also " +
			"rewrites the table. Build the index with CREATE UNIQUE INDEX CONCURRENTLY first and attach it with ADD " +
			"CONSTRAINT ... PRIMARY KEY USING INDEX.",
		Bad: "ALTER TABLE events ADD PRIMARY KEY (id);",
		Good: "CREATE UNIQUE INDEX CONCURRENTLY events_pkey ON events (id);\n" +
			"ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;",
	},
	Check: checkAddingSerialPrimaryKeyField,
}

const primaryKeyAdvice = "create a unique index with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX"

func checkAddingSerialPrimaryKeyField(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	s := p.Stmt
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddConstraint:
			con := cmd.GetDef().GetConstraint()
			if con.GetContype() != pg_query.ConstrType_CONSTR_PRIMARY || con.GetIndexname() != "" {
				return
			}
			start, end := constraintRange(s, con)
			p.Reportf(start, end, "adding primary key %sto table %s builds its index while holding an ACCESS EXCLUSIVE lock; %s",
				constraintLabel(con), a.name, primaryKeyAdvice)
		case pg_query.AlterTableType_AT_AddColumn:
			col := cmd.GetDef().GetColumnDef()
			if len(columnConstraints(col, pg_query.ConstrType_CONSTR_PRIMARY)) == 0 {
				return
			}
			start, end := columnDefRange(s, col)
			p.Reportf(start, end, "adding column %s as PRIMARY KEY builds an index on table %s while holding an ACCESS EXCLUSIVE lock; add the column first, fill it, then %s",
				rules.Quote(col.GetColname()), a.name, primaryKeyAdvice)
		}
	})
}
