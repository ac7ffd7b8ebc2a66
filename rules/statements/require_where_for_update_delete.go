// Package statements holds the rules about statement hygiene: data changes
// that touch more rows than intended.
package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// RequireWhereForUpdateDelete reports UPDATE and DELETE without WHERE.
var RequireWhereForUpdateDelete = &rules.Rule{
	Code: "SR401", Name: "require-where-for-update-delete",
	Aliases: []string{
		"statement.where.require.update-delete",          // Bytebase rule key
		"statement.where.require-update-delete",          // the spelling used in our issue tracker
		"STATEMENT_WHERE_REQUIRE_UPDATE_DELETE",          // Bytebase rule enum
		"banUpdateWithoutWhere", "banDeleteWithoutWhere", // postgres-language-server
	},
	Category: rules.Statements, Severity: rules.Warning, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "UPDATE or DELETE without a WHERE clause",
		Why: "Without WHERE the statement changes or deletes every row of the table. In a migration that is usually deliberate — a backfill of a new column — " +
			"so the risk is less the rows it touches than how long it runs: on a large table one statement locks every row until the migration commits, " +
			"blocking the application's writes to them, and leaves as many dead tuples behind. Batch a large backfill (by key ranges, in a migration of its own), " +
			"or write WHERE true when one statement is fine, so reviewers see it is deliberate. " +
			"Data-modifying statements inside WITH are checked too. A warning, not an error: the statement is almost always intended; its cost is what to review.",
		Bad:  "ALTER TABLE sessions ADD COLUMN revoked boolean;\nUPDATE sessions SET revoked = false;",
		Good: "ALTER TABLE sessions ADD COLUMN revoked boolean;\nUPDATE sessions SET revoked = false WHERE true; -- one statement is fine: the table is small",
	},
	Check: checkRequireWhere,
}

func checkRequireWhere(p *rules.Pass) {
	checkDML(p, p.Stmt.Node, 0)
}

// checkDML checks a statement and the data-modifying statements of its WITH
// clause.
func checkDML(p *rules.Pass, n *pg_query.Node, depth int) {
	if n == nil || depth > 20 {
		return
	}
	var with *pg_query.WithClause
	switch v := n.GetNode().(type) {
	case *pg_query.Node_UpdateStmt:
		with = v.UpdateStmt.GetWithClause()
		if v.UpdateStmt.GetWhereClause() == nil {
			report(p, "UPDATE", v.UpdateStmt.GetRelation(), "UPDATE", "ONLY")
		}
	case *pg_query.Node_DeleteStmt:
		with = v.DeleteStmt.GetWithClause()
		if v.DeleteStmt.GetWhereClause() == nil {
			report(p, "DELETE", v.DeleteStmt.GetRelation(), "DELETE", "FROM", "ONLY")
		}
	case *pg_query.Node_SelectStmt:
		with = v.SelectStmt.GetWithClause()
	case *pg_query.Node_InsertStmt:
		with = v.InsertStmt.GetWithClause()
	case *pg_query.Node_MergeStmt:
		with = v.MergeStmt.GetWithClause()
	}
	for _, c := range with.GetCtes() {
		checkDML(p, c.GetCommonTableExpr().GetCtequery(), depth+1)
	}
}

// report flags the statement head: the keywords before the table name and
// the name itself ("DELETE FROM t", "UPDATE ONLY s.t").
func report(p *rules.Pass, verb string, rel *pg_query.RangeVar, head ...string) {
	s := p.Stmt
	start, end := s.Start, s.End
	if rel != nil {
		nameStart := s.Abs(rel.GetLocation())
		start = s.WordBefore(nameStart, head...)
		end = s.NameEndOffset(nameStart)
	}
	what := "deletes every row of table " + rules.RelName(rel)
	if verb == "UPDATE" {
		what = "changes every row of table " + rules.RelName(rel)
	}
	p.Reportf(start, end, "%s without WHERE %s in one statement: on a large table it locks every row until the migration commits, blocking the application's writes, "+
		"and leaves as many dead rows; batch it by key ranges in a migration of its own, or write WHERE true if one statement is fine", verb, what)
}
