package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// indexBackedConstraint is a constraint kind whose ADD builds a unique index
// under an ACCESS EXCLUSIVE lock unless it reuses one (USING INDEX).
type indexBackedConstraint struct {
	contype      pg_query.ConstrType
	what         string // "UNIQUE constraint", "primary key"
	asColumn     string // how a column declares it: "UNIQUE", "PRIMARY KEY"
	columnAdvice string // the first step for a new column
	advice       string // how to build the index without the lock
}

// checkIndexBackedConstraint reports ADD CONSTRAINT of kind k without USING
// INDEX, and new columns declared with it, on a table that existed before
// this file.
func checkIndexBackedConstraint(p *rules.Pass, k indexBackedConstraint) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	s := p.Stmt
	a.cmds(func(_ int, cmd *pg_query.AlterTableCmd) {
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddConstraint:
			con := cmd.GetDef().GetConstraint()
			if con.GetContype() != k.contype || con.GetIndexname() != "" {
				return
			}
			start, end := constraintRange(s, con)
			p.Reportf(start, end, "adding %s %sto table %s builds its index while holding an ACCESS EXCLUSIVE lock; %s",
				k.what, constraintLabel(con), a.name, k.advice)
		case pg_query.AlterTableType_AT_AddColumn:
			col := cmd.GetDef().GetColumnDef()
			if len(columnConstraints(col, k.contype)) == 0 {
				return
			}
			start, end := columnDefRange(s, col)
			p.Reportf(start, end, "adding column %s as %s builds an index on table %s while holding an ACCESS EXCLUSIVE lock; %s%s",
				rules.Quote(col.GetColname()), k.asColumn, a.name, k.columnAdvice, k.advice)
		}
	})
}
