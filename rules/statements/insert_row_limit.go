package statements

import (
	"github.com/sqlreview/sqlreview/rules"
)

// InsertRowLimit reports INSERT statements that insert more rows than a
// limit.
var InsertRowLimit = &rules.Rule{
	Code: "SR408", Name: "insert-row-limit",
	Aliases: []string{
		"statement.insert.row-limit", // Bytebase rule key
		"STATEMENT_INSERT_ROW_LIMIT", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "INSERT of more rows than the limit",
		Why: "A migration that inserts many rows in one statement holds its locks and its transaction open for long, bloats the WAL replicas must replay, and is hard to review; " +
			"bulk data belongs in a batched backfill job or COPY, not in a schema migration. " +
			"INSERT ... VALUES is counted offline (setting `number`, Bytebase's default 1000). " +
			"INSERT ... SELECT can only be estimated with EXPLAIN on a live database: without one, the first such statement of each file gets an informational note that it was skipped.",
		Bad:  "INSERT INTO events (id) SELECT g FROM generate_series(1, 1000000) AS g;",
		Good: "INSERT INTO plans (id, name) VALUES (1, 'free'), (2, 'pro');",
	},
	Settings: map[string]any{"number": 1000},
	Check:    checkInsertRowLimit,
}

func checkInsertRowLimit(p *rules.Pass) {
	ins := p.Stmt.Node.GetInsertStmt()
	sel := ins.GetSelectStmt().GetSelectStmt()
	if sel == nil {
		return
	}
	limit := p.Int("number")
	rows := len(sel.GetValuesLists())
	start, end := nameRange(p.Stmt, ins.GetRelation().GetLocation())
	start = p.Stmt.WordBefore(start, "INSERT", "INTO")
	if rows == 0 {
		if !liveDatabase(p) {
			noteOnce(p, start, end, "counting the rows of INSERT ... SELECT")
		}
		return
	}
	if limit > 0 && rows > limit {
		p.Reportf(start, end, "INSERT INTO %s inserts %d rows, more than the limit of %d; load bulk data with a batched backfill or COPY outside the schema migration",
			rules.RelName(ins.GetRelation()), rows, limit)
	}
}
