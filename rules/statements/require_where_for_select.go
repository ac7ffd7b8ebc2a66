package statements

import (
	"github.com/sqlreview/sqlreview/rules"
)

// RequireWhereForSelect reports SELECTs that read a table without WHERE.
var RequireWhereForSelect = &rules.Rule{
	Code: "SR403", Name: "require-where-for-select",
	Aliases: []string{
		"statement.where.require.select", // Bytebase rule key
		"STATEMENT_WHERE_REQUIRE_SELECT", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "SELECT with a FROM clause but no WHERE",
		Why: "A SELECT without WHERE reads the whole table: on a large table that is a long sequential scan, and in INSERT ... SELECT or CREATE TABLE AS " +
			"it copies every row, which is rarely what a migration means. Add the condition you mean (WHERE true when every row really is intended, so reviewers see it is deliberate). " +
			"Every SELECT of a query statement is checked, sub-queries and CTEs included; a SELECT without FROM (SELECT 1) is not.",
		Bad:  "INSERT INTO active_users (id) SELECT id FROM users;",
		Good: "INSERT INTO active_users (id) SELECT id FROM users WHERE last_seen_at > now() - interval '30 days';",
	},
	Check: checkRequireWhereForSelect,
}

func checkRequireWhereForSelect(p *rules.Pass) {
	if !isQuery(p.Stmt.Node) {
		return
	}
	for _, ls := range stmtLeafSelects(p) {
		from := ls.sel.GetFromClause()
		if len(from) == 0 || ls.sel.GetWhereClause() != nil {
			continue
		}
		start, end := nameRange(p.Stmt, ls.location())
		if rv := from[0].GetRangeVar(); rv != nil {
			p.Reportf(start, end, "SELECT from %s has no WHERE clause and reads every row; add a WHERE clause (WHERE true if every row is really meant)", rules.RelName(rv))
			continue
		}
		p.Reportf(start, end, "SELECT has no WHERE clause and reads every row of its FROM clause; add a WHERE clause (WHERE true if every row is really meant)")
	}
}
