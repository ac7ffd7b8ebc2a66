package locking

import (
	"github.com/sqlreview/sqlreview/rules"
)

// RequireConcurrentRefreshMatview reports REFRESH MATERIALIZED VIEW without
// CONCURRENTLY.
var RequireConcurrentRefreshMatview = &rules.Rule{
	Code: "SR120", Name: "require-concurrent-refresh-matview",
	Aliases: []string{
		"banBlockingRefreshMatview",       // postgres-language-server
		"requireConcurrentRefreshMatview", // postgres-language-server, earlier name
	},
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "REFRESH MATERIALIZED VIEW without CONCURRENTLY",
		Why: "A plain REFRESH MATERIALIZED VIEW takes an ACCESS EXCLUSIVE lock on the view for the whole query, so every read " +
			"of it waits. REFRESH ... CONCURRENTLY computes the new contents alongside and takes only an EXCLUSIVE lock, which " +
			"lets reads continue. It needs a unique index on the view (without a WHERE clause) and a view that is already " +
			"populated. Views created earlier in the same file and WITH NO DATA refreshes are not reported.",
		Bad:       "REFRESH MATERIALIZED VIEW sales_summary;",
		Good:      "REFRESH MATERIALIZED VIEW CONCURRENTLY sales_summary;",
		FixSafety: "Inserts CONCURRENTLY. Marked unsafe: it fails unless the view has a suitable unique index and has been populated.",
	},
	Check: checkRequireConcurrentRefreshMatview,
}

func checkRequireConcurrentRefreshMatview(p *rules.Pass) {
	rm := p.Stmt.Node.GetRefreshMatViewStmt()
	if rm == nil || rm.GetConcurrent() || rm.GetSkipData() {
		return
	}
	rv := rm.GetRelation()
	if p.IsNewTable(rv.GetSchemaname(), rv.GetRelname()) {
		return
	}
	d := rules.Diagnostic{Start: p.Stmt.Start, End: p.Stmt.End,
		Message: "refreshing materialized view " + rules.RelName(rv) + " without CONCURRENTLY takes an ACCESS EXCLUSIVE lock, blocking every read of it until the query ends; use REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view)"}
	if i := p.Stmt.WordIndex("VIEW", 4); i >= 0 {
		at := p.Stmt.Tokens()[i].End
		d.Fix = &rules.Fix{Title: "Refresh CONCURRENTLY", Edits: []rules.Edit{{Start: at, End: at, NewText: " CONCURRENTLY"}}}
	}
	p.Report(d)
}
