package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// DisallowCommit reports every COMMIT (and END, COMMIT PREPARED) in a
// migration file.
var DisallowCommit = &rules.Rule{
	Code: "SR405", Name: "disallow-commit",
	Aliases: []string{
		"statement.disallow-commit", // Bytebase rule key
		"STATEMENT_DISALLOW_COMMIT", // Bytebase rule enum
	},
	Category: rules.Transactions, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "COMMIT in a migration file",
		Why: "Migration tools (Bytebase, Flyway, Liquibase, golang-migrate, sqlreview's own runner) wrap each file in a transaction together with their history record. " +
			"A COMMIT in the file ends that transaction early: the statements after it run in autocommit, a failure there leaves the migration half applied and recorded as neither done nor pending. " +
			"Leave transaction control to the tool; a file that needs several transactions is several files. " +
			"This is a policy rule and flags every COMMIT, even a balanced BEGIN ... COMMIT: transaction-nesting (on by default) reports only the COMMITs that are mistakes whatever the tool does.",
		Bad:  "BEGIN;\nCREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);\nCOMMIT;",
		Good: "CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);",
	},
	Check: checkDisallowCommit,
}

func checkDisallowCommit(p *rules.Pass) {
	ts := p.Stmt.Node.GetTransactionStmt()
	switch ts.GetKind() {
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED:
	default:
		return
	}
	p.Reportf(p.Stmt.Start, p.Stmt.End, "%s ends the migration tool's transaction early, so the statements after it run outside it; leave transaction control to the tool and split the file instead",
		p.File.Text[p.Stmt.Start:p.Stmt.End])
}
