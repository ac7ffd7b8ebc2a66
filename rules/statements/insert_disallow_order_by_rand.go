package statements

import (
	"github.com/sqlreview/sqlreview/rules"
)

// InsertDisallowOrderByRand reports INSERT ... SELECT ... ORDER BY random().
var InsertDisallowOrderByRand = &rules.Rule{
	Code: "SR407", Name: "insert-disallow-order-by-rand",
	Aliases: []string{
		"statement.insert.disallow-order-by-rand", // Bytebase rule key
		"STATEMENT_INSERT_DISALLOW_ORDER_BY_RAND", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "INSERT ... SELECT ordered by random()",
		Why: "ORDER BY random() computes a random number for every row the SELECT reads and sorts them all, just to pick some: on a large table that is a full scan and a big sort, " +
			"and the rows inserted differ on every run, so the migration is not reproducible across environments. " +
			"Pick rows by a key (or TABLESAMPLE when a sample is really meant).",
		Bad:  "INSERT INTO sample_users (id) SELECT id FROM users ORDER BY random() LIMIT 100;",
		Good: "INSERT INTO sample_users (id) SELECT id FROM users ORDER BY id LIMIT 100;",
	},
	Check: checkInsertDisallowOrderByRand,
}

func checkInsertDisallowOrderByRand(p *rules.Pass) {
	ins := p.Stmt.Node.GetInsertStmt()
	sel := ins.GetSelectStmt().GetSelectStmt()
	if sel == nil {
		return
	}
	for _, sb := range sel.GetSortClause() {
		fc := sb.GetSortBy().GetNode().GetFuncCall()
		name := funcNameOf(fc)
		if name != "random" && name != "random_between" {
			continue
		}
		start := p.Stmt.Abs(fc.GetLocation())
		end := p.Stmt.ItemEnd(start)
		p.Reportf(start, end, "INSERT INTO %s selects its rows ORDER BY %s(), which sorts every row read and inserts different rows on every run; pick the rows by a key",
			rules.RelName(ins.GetRelation()), name)
		return
	}
}
