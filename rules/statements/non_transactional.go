package statements

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// NonTransactional reports statements that cannot run inside a transaction
// block.
var NonTransactional = &rules.Rule{
	Code: "SR413", Name: "non-transactional-statement",
	Aliases: []string{
		"statement.non-transactional", // Bytebase rule key
		"STATEMENT_NON_TRANSACTIONAL", // Bytebase rule enum
	},
	Category: rules.Transactions, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Statement that cannot run in a transaction",
		Why: "CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, CREATE DATABASE, ALTER SYSTEM and a few others refuse to run inside a transaction block, " +
			"and a file holding one cannot be applied atomically: if a later statement fails, what ran before it stays. " +
			"Put each such statement in a file of its own, which the migration runner then applies without a transaction. " +
			"This policy rule flags every such statement (per the target PostgreSQL version); ban-concurrent-index-creation-in-transaction (on by default) reports only those inside an explicit BEGIN.",
		Bad:  "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
		Good: "CREATE INDEX users_email_idx ON users (email);",
	},
	Check: checkNonTransactional,
}

func checkNonTransactional(p *rules.Pass) {
	what := knowledge.OutsideTransactionReason(p.Stmt.Node, p.PGVersion)
	if what == "" {
		return
	}
	start, end := headRange(p.Stmt)
	if i := p.Stmt.WordIndex("CONCURRENTLY", 12); i >= 0 {
		end = p.Stmt.Tokens()[i].End
	}
	p.Reportf(start, end, "%s cannot run inside a transaction block, so this file cannot be applied atomically; put the statement in a migration file of its own", what)
}
