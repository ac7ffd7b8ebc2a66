package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanTruncateCascade reports TRUNCATE ... CASCADE.
var BanTruncateCascade = &rules.Rule{
	Code: "SR207", Name: "ban-truncate-cascade",
	Aliases:  []string{"banTruncateCascade"}, // postgres-language-server; Squawk uses the rule name
	Category: rules.Compat, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "TRUNCATE ... CASCADE",
		Why: "CASCADE also empties every table with a foreign key to the truncated ones, and the tables referencing those, " +
			"recursively — tables the statement does not name and the author may not know about. List every table to empty " +
			"explicitly; without CASCADE, PostgreSQL refuses when a referencing table is left out, which is the check you want.",
		Bad:  "TRUNCATE customers CASCADE;",
		Good: "TRUNCATE customers, orders;",
	},
	Check: func(p *rules.Pass) {
		ts := p.Stmt.Node.GetTruncateStmt()
		if ts == nil || ts.GetBehavior() != pg_query.DropBehavior_DROP_CASCADE {
			return
		}
		start, end := p.Stmt.Start, p.Stmt.End
		toks := p.Stmt.Tokens()
		if n := len(toks); n > 0 && p.Stmt.TokenIs(n-1, "CASCADE") {
			start, end = toks[n-1].Start, toks[n-1].End
		}
		p.Reportf(start, end, "TRUNCATE ... CASCADE also empties every table that references the truncated ones through a foreign key, recursively; name each table to truncate and drop CASCADE")
	},
}
