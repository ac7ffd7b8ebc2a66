package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
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
			"This is a policy rule and flags every COMMIT, even a balanced BEGIN ... COMMIT: transaction-nesting (on by default) reports only the COMMITs that are mistakes whatever the tool does. " +
			"The message says what the COMMIT ends under the runner that applies the file (migrations.runner): the runner's transaction, the implicit transaction of a file sent as one query (Prisma, golang-migrate), the file's own BEGIN, or nothing.",
		Bad:  "-- +goose Up\n-- goose wraps the file in a transaction: this COMMIT ends it early\nCREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);\nCOMMIT;\nCREATE INDEX audit_log_entry_idx ON audit_log (entry);",
		Good: "-- +goose Up\nCREATE TABLE audit_log (id bigint PRIMARY KEY, entry text);\nCREATE INDEX audit_log_entry_idx ON audit_log (entry);",
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
	m := p.Transactions()
	text := p.File.Text[p.Stmt.Start:p.Stmt.End]
	switch m.OpenedBy(p.Stmt.Index) {
	case knowledge.OpenedByRunner:
		p.Reportf(p.Stmt.Start, p.Stmt.End, "%s ends the runner's transaction early (%s), so the statements after it run outside it; leave transaction control to the tool and split the file instead", text, m.Reason)
	case knowledge.OpenedByQuery:
		p.Reportf(p.Stmt.Start, p.Stmt.End, "%s ends the implicit transaction early (%s), so the file commits in parts; leave transaction control to the tool and split the file instead", text, m.Reason)
	case knowledge.OpenedByFile:
		p.Reportf(p.Stmt.Start, p.Stmt.End, "%s ends a transaction the file opened itself (%s); leave transaction control to the tool and split the file instead", text, m.Reason)
	default:
		p.Reportf(p.Stmt.Start, p.Stmt.End, "%s has no transaction to end (%s) and only warns; remove it", text, m.Reason)
	}
}
