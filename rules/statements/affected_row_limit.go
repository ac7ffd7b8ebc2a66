package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// AffectedRowLimit estimates with EXPLAIN the rows an UPDATE or DELETE
// touches.
var AffectedRowLimit = &rules.Rule{
	Code: "SR421", Name: "affected-row-limit",
	Aliases: []string{
		"statement.affected-row-limit", // Bytebase rule key
		"STATEMENT_AFFECTED_ROW_LIMIT", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Info, Default: false,
	Doc: rules.Doc{
		Title: "UPDATE or DELETE estimated to touch more rows than the limit (needs a live database)",
		Why: "A data change that touches many rows holds row locks and a long transaction, and bloats the table and the WAL: batch it instead. " +
			"The planner's estimate (EXPLAIN on the target database) is compared with the setting `number` (Bytebase's default 1000). " +
			"The estimate comes from the table statistics, so it is only as good as the last ANALYZE. " +
			"It needs --database-url; without one, the first UPDATE or DELETE of each file gets an informational note that the check was skipped.",
		Bad:  "DELETE FROM events WHERE created_at < now() - interval '1 year';",
		Good: "CREATE TABLE events_archive (id bigint PRIMARY KEY);",
	},
	Settings: map[string]any{"number": 1000},
	Check:    checkAffectedRowLimit,
}

func checkAffectedRowLimit(p *rules.Pass) {
	var rel *pg_query.RangeVar
	verb := ""
	switch n := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_UpdateStmt:
		rel, verb = n.UpdateStmt.GetRelation(), "UPDATE"
	case *pg_query.Node_DeleteStmt:
		rel, verb = n.DeleteStmt.GetRelation(), "DELETE FROM"
	default:
		return
	}
	start, end := headRange(p.Stmt)
	if !liveDatabase(p) {
		noteOnce(p, start, end, "estimating the rows UPDATE and DELETE affect")
		return
	}
	if dbDown(p) || touchesPending(p) {
		return
	}
	plan, rejected, err := explain(p)
	if err != nil {
		dbFailed(p, err)
		return
	}
	limit := p.Int("number")
	if rejected != nil || limit <= 0 || plan.Rows <= float64(limit) {
		return // a rejected statement is dml-dry-run's finding
	}
	if rel != nil {
		_, end = nameRange(p.Stmt, rel.GetLocation())
	}
	p.Reportf(start, end, "%s %s is estimated to affect %.0f rows (planner estimate), more than the limit of %d; change the rows in batches",
		verb, rules.RelName(rel), plan.Rows, limit)
}
