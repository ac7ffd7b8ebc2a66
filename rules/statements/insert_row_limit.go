package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

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
			"INSERT ... SELECT is estimated with EXPLAIN on the target database (--database-url): without one, the first such statement of each file gets an informational note that it was skipped.",
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
		insertSelectEstimate(p, ins, start, end, limit)
		return
	}
	if limit > 0 && rows > limit {
		p.Reportf(start, end, "INSERT INTO %s inserts %d rows, more than the limit of %d; load bulk data with a batched backfill or COPY outside the schema migration",
			rules.RelName(ins.GetRelation()), rows, limit)
	}
}

// insertSelectEstimate compares the planner's estimate of the rows an
// INSERT ... SELECT inserts with the limit (EXPLAIN on the target database).
func insertSelectEstimate(p *rules.Pass, ins *pg_query.InsertStmt, start, end, limit int) {
	if !liveDatabase(p) {
		noteOnce(p, start, end, "counting the rows of INSERT ... SELECT")
		return
	}
	if limit <= 0 || dbDown(p) || touchesPending(p) {
		return
	}
	plan, rejected, err := explain(p)
	if err != nil {
		dbFailed(p, err)
		return
	}
	if rejected != nil || plan.Rows <= float64(limit) {
		return
	}
	p.Reportf(start, end, "INSERT INTO %s ... SELECT is estimated to insert %.0f rows (planner estimate), more than the limit of %d; load bulk data with a batched backfill or COPY outside the schema migration",
		rules.RelName(ins.GetRelation()), plan.Rows, limit)
}
