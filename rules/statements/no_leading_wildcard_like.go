package statements

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// NoLeadingWildcardLike reports LIKE patterns that start with a wildcard.
var NoLeadingWildcardLike = &rules.Rule{
	Code: "SR404", Name: "no-leading-wildcard-like",
	Aliases: []string{
		"statement.where.no-leading-wildcard-like", // Bytebase rule key
		"STATEMENT_WHERE_NO_LEADING_WILDCARD_LIKE", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "LIKE pattern with a leading wildcard",
		Why: "A B-tree index can only serve a LIKE whose pattern starts with fixed text: '%abc' (or '_abc') makes PostgreSQL read every row of the table. " +
			"Search a fixed prefix, or index the column for the search you need (a pg_trgm GIN index serves '%abc%'). " +
			"Queries (SELECT, INSERT ... SELECT, UPDATE, DELETE, MERGE, views) are checked, LIKE and ILIKE alike; a CHECK constraint's LIKE is no search and is not. " +
			"One finding per statement, on its first such pattern.",
		Bad:  "DELETE FROM users WHERE email LIKE '%@example.com';",
		Good: "DELETE FROM users WHERE email LIKE 'test-%';",
	},
	Check: checkNoLeadingWildcardLike,
}

func checkNoLeadingWildcardLike(p *rules.Pass) {
	if !isQuery(p.Stmt.Node) {
		return
	}
	var first *pg_query.A_Expr
	var pattern string
	n := 0
	eachMessage(p, func(m any) {
		e, ok := m.(*pg_query.A_Expr)
		if !ok || (e.GetKind() != pg_query.A_Expr_Kind_AEXPR_LIKE && e.GetKind() != pg_query.A_Expr_Kind_AEXPR_ILIKE) {
			return
		}
		pat, ok := stringConst(e.GetRexpr())
		if !ok || !(strings.HasPrefix(pat, "%") || strings.HasPrefix(pat, "_")) {
			return
		}
		n++
		if first == nil || e.GetLocation() < first.GetLocation() {
			first, pattern = e, pat
		}
	})
	if first == nil {
		return
	}
	start := p.Stmt.Abs(first.GetLocation())
	end := p.Stmt.ItemEnd(start)
	if l := first.GetLexpr(); l != nil {
		if loc := firstLocation(l); loc >= 0 {
			start = p.Stmt.Abs(loc)
		}
	}
	if r := first.GetRexpr(); r != nil {
		if loc := firstLocation(r); loc >= 0 {
			end = tokenEnd(p, p.Stmt.Abs(loc))
		}
	}
	more := ""
	if n > 1 {
		more = " (and " + itoa(n-1) + " more in this statement)"
	}
	p.Reportf(start, end, "LIKE pattern %s starts with a wildcard, so no B-tree index can serve it and every row is read%s; search a fixed prefix or use a trigram index",
		quoteLiteral(pattern), more)
}
