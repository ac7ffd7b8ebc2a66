package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanTruncate reports TRUNCATE of an existing table.
var BanTruncate = &rules.Rule{
	Code: "SR209", Name: "ban-truncate",
	Aliases:  []string{"banTruncate"}, // postgres-language-server
	Category: rules.Compat, Severity: rules.Warning, Default: true,
	Doc: rules.Doc{
		Title: "TRUNCATE of an existing table",
		Why: "TRUNCATE deletes every row at once and cannot be undone after commit; in a migration it runs against production " +
			"data. It also takes an ACCESS EXCLUSIVE lock. Tables created earlier in the same file are not reported, and " +
			"TRUNCATE ... CASCADE is left to ban-truncate-cascade. Suppress it with a reason where emptying the table is the point.",
		Bad:  "TRUNCATE sessions;",
		Good: "DELETE FROM sessions WHERE expires_at < now();",
	},
	Check: func(p *rules.Pass) {
		ts := p.Stmt.Node.GetTruncateStmt()
		if ts == nil || ts.GetBehavior() == pg_query.DropBehavior_DROP_CASCADE {
			return
		}
		for _, r := range ts.GetRelations() {
			rv := r.GetRangeVar()
			if rv == nil || p.IsNewTable(rv.GetSchemaname(), rv.GetRelname()) {
				continue
			}
			start, end := p.Stmt.Start, p.Stmt.End
			if rv.GetLocation() >= 0 {
				loc := p.Stmt.Abs(rv.GetLocation())
				start, end = loc, p.Stmt.NameEndOffset(loc)
			}
			p.Reportf(start, end, "TRUNCATE deletes every row of table %s for good; make sure the data is not needed, or delete only the rows you mean", rules.RelName(rv))
		}
	},
}
