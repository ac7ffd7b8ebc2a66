package transactions

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// TransactionNesting reports BEGIN inside an open transaction and COMMIT or
// ROLLBACK with no transaction open.
var TransactionNesting = &rules.Rule{
	Code: "SR302", Name: "transaction-nesting",
	Aliases:  []string{"transactionNesting"},
	Category: rules.Transactions, Severity: rules.Warning, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "BEGIN inside a transaction, or COMMIT/ROLLBACK outside one",
		Why: "PostgreSQL has no nested transactions: a BEGIN inside an open transaction only raises a warning and is ignored, so the COMMIT meant for the inner block ends the outer transaction early " +
			"and the statements after it run outside any transaction (a failure there leaves the migration half applied). " +
			"A COMMIT or ROLLBACK with no BEGIN in the file is just as risky: when the migration tool wraps the file in its own transaction it ends that transaction early; otherwise it only warns that no transaction is in progress. " +
			"Use one BEGIN ... COMMIT per file (or let the tool provide the transaction), and SAVEPOINT for inner blocks.",
		Bad:  "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nBEGIN;\nUPDATE users SET nickname = name WHERE nickname IS NULL;\nCOMMIT;\nCOMMIT;",
		Good: "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nSAVEPOINT backfill;\nUPDATE users SET nickname = name WHERE nickname IS NULL;\nRELEASE SAVEPOINT backfill;\nCOMMIT;",
	},
	Check: checkTransactionNesting,
}

func checkTransactionNesting(p *rules.Pass) {
	kind, ok := txKind(p.Stmt)
	if !ok {
		return
	}
	kw := keyword(p.Stmt)
	switch kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		if p.Tx.Depth == 0 {
			return
		}
		where := ""
		if p.Tx.Open != nil {
			where = fmt.Sprintf(" at line %d", p.Tx.Open.File().Position(p.Tx.Open.Start).Line)
		}
		p.Reportf(p.Stmt.Start, p.Stmt.End, "%s inside the transaction opened%s is ignored by PostgreSQL (transactions do not nest), so the next COMMIT ends the outer transaction early; "+
			"remove it, or use SAVEPOINT for an inner block", kw, where)
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		if p.Tx.Depth > 0 {
			return
		}
		p.Reportf(p.Stmt.Start, p.Stmt.End, "%s with no transaction opened in this file ends the migration tool's transaction early when the tool wraps the file in one "+
			"(later statements then run outside it), and otherwise does nothing; remove it or add the matching BEGIN", kw)
	}
}
