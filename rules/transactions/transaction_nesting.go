package transactions

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
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
			"Whether the tool wraps the file is migrations.runner's transaction model: under goose, Flyway, sqlx, Rails, Django, diesel, dbmate and popx (which wrap each file) even the file's first BEGIN is nested; sqlreview replaces a file's opening BEGIN and closing COMMIT with its own, and psql, Prisma and golang-migrate open none. " +
			"Use one BEGIN ... COMMIT per file (or let the tool provide the transaction), and SAVEPOINT for inner blocks.",
		Bad:  "-- +goose Up\n-- goose already runs this file in a transaction: this BEGIN is nested\nBEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nUPDATE users SET nickname = name WHERE nickname IS NULL;\nCOMMIT;",
		Good: "-- +goose Up\nALTER TABLE users ADD COLUMN nickname text;\nSAVEPOINT backfill;\nUPDATE users SET nickname = name WHERE nickname IS NULL;\nRELEASE SAVEPOINT backfill;",
	},
	Check: checkTransactionNesting,
}

func checkTransactionNesting(p *rules.Pass) {
	kind, ok := txKind(p.Stmt)
	if !ok {
		return
	}
	m := p.Transactions()
	kw := keyword(p.Stmt)
	switch kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		if !m.NestedBegin(p.Stmt.Index) {
			return
		}
		where := "the runner's transaction (" + m.Reason + ")"
		if p.Tx.Depth > 0 && p.Tx.Open != nil {
			where = fmt.Sprintf("the transaction opened at line %d", p.Tx.Open.File().Position(p.Tx.Open.Start).Line)
		}
		p.Reportf(p.Stmt.Start, p.Stmt.End, "%s inside %s is ignored by PostgreSQL (transactions do not nest), so the next COMMIT ends the outer transaction early; "+
			"remove it, or use SAVEPOINT for an inner block", kw, where)
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		if p.Tx.Depth > 0 {
			return
		}
		switch m.OpenedBy(p.Stmt.Index) {
		case knowledge.OpenedByRunner:
			p.Reportf(p.Stmt.Start, p.Stmt.End, "%s with no transaction opened in this file ends the runner's transaction early (%s): the statements after it run outside it; remove it", kw, m.Reason)
		case knowledge.OpenedByQuery:
			p.Reportf(p.Stmt.Start, p.Stmt.End, "%s with no transaction opened in this file ends the implicit transaction early (%s): the statements before it stay applied when a later one fails; remove it", kw, m.Reason)
		default:
			p.Reportf(p.Stmt.Start, p.Stmt.End, "%s with no transaction open does nothing but warn (%s); remove it or add the matching BEGIN", kw, m.Reason)
		}
	}
}
