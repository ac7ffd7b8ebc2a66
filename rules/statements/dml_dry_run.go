package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// DMLDryRun, AffectedRowLimit and ObjectOwnerCheck need the target database: Bytebase runs them with
// EXPLAIN or catalog queries on the live instance. The lint framework has no
// database connection yet, so each reports, once per file and at Info
// severity, on the first statement it would have checked, that it was
// skipped (NeedsDatabaseNote) — never silently passing. Bytebase's own tests
// run them without a database and expect no findings; the conformance test
// ignores the note.

// DMLDryRun runs each data change with EXPLAIN on the target database.
var DMLDryRun = &rules.Rule{
	Code: "SR420", Name: "dml-dry-run",
	Aliases: []string{
		"statement.dml-dry-run", // Bytebase rule key
		"STATEMENT_DML_DRY_RUN", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Info, Default: false,
	Doc: rules.Doc{
		Title: "Data change that fails a dry run (needs a live database)",
		Why: "INSERT, UPDATE and DELETE are checked with EXPLAIN against the target database, which catches missing tables and columns, type errors and permission problems before the migration runs. " +
			"It needs --database-url; without one, the first data change of each file gets an informational note that the check was skipped.",
		Bad:  "UPDATE users SET plan = 'free' WHERE id = 1;",
		Good: "CREATE TABLE plans (id bigint PRIMARY KEY);",
	},
	Check: checkDMLDryRun,
}

func checkDMLDryRun(p *rules.Pass) {
	if !isDataChange(p.Stmt.Node) || liveDatabase(p) {
		return
	}
	start, end := headRange(p.Stmt)
	noteOnce(p, start, end, "the dry run (EXPLAIN) of data changes")
}

// isDataChange reports whether the statement writes rows.
func isDataChange(n *pg_query.Node) bool {
	switch n.GetNode().(type) {
	case *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt, *pg_query.Node_MergeStmt:
		return true
	}
	return false
}
