package locking

import (
	"github.com/sqlreview/sqlreview/rules"
)

// WarnRefreshMatviewConcurrent reports REFRESH MATERIALIZED VIEW
// CONCURRENTLY, which still takes an EXCLUSIVE lock.
var WarnRefreshMatviewConcurrent = &rules.Rule{
	Code: "SR126", Name: "warn-refresh-matview-concurrent",
	Aliases: []string{
		"warnRefreshMatviewConcurrent", // postgres-language-server
		"concurrentRefreshMatviewLock", // postgres-language-server, earlier name
	},
	Category: rules.Locking, Severity: rules.Info, Default: false,
	Doc: rules.Doc{
		Title: "REFRESH MATERIALIZED VIEW CONCURRENTLY still takes an EXCLUSIVE lock",
		Why: "CONCURRENTLY lets reads of the view continue, but the refresh holds an EXCLUSIVE lock for its whole run: other " +
			"refreshes and DDL on the view wait, and it runs the query in full and diffs the result, which costs more than a " +
			"plain refresh on a view that changes much. Off by default: it is informational, CONCURRENTLY being the right choice " +
			"for a view that is read while it refreshes.",
		Bad:  "REFRESH MATERIALIZED VIEW CONCURRENTLY sales_summary;",
		Good: "REFRESH MATERIALIZED VIEW sales_summary WITH NO DATA;",
	},
	Check: func(p *rules.Pass) {
		rm := p.Stmt.Node.GetRefreshMatViewStmt()
		if rm == nil || !rm.GetConcurrent() || p.IsNewTable(rm.GetRelation().GetSchemaname(), rm.GetRelation().GetRelname()) {
			return
		}
		p.Reportf(p.Stmt.Start, p.Stmt.End, "REFRESH MATERIALIZED VIEW CONCURRENTLY on %s still holds an EXCLUSIVE lock for the whole refresh, blocking other refreshes and DDL on the view; schedule it away from them", rules.RelName(rm.GetRelation()))
	},
}
