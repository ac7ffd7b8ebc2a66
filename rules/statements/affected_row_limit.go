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
			"It needs --database-url; without one, the first UPDATE or DELETE of each file gets an informational note that the check was skipped.",
		Bad:  "DELETE FROM events WHERE created_at < now() - interval '1 year';",
		Good: "CREATE TABLE events_archive (id bigint PRIMARY KEY);",
	},
	Settings: map[string]any{"number": 1000},
	Check:    checkAffectedRowLimit,
}

func checkAffectedRowLimit(p *rules.Pass) {
	switch p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt:
	default:
		return
	}
	if liveDatabase(p) {
		return
	}
	start, end := headRange(p.Stmt)
	noteOnce(p, start, end, "estimating the rows UPDATE and DELETE affect")
}
