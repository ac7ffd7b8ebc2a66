package locking

import (
	"fmt"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// BanConcurrentIndexCreationInTransaction reports CREATE / DROP / REINDEX
// ... CONCURRENTLY inside a transaction block: the file's own, the one its
// runner wraps it in, or the implicit one of a file sent as one query.
var BanConcurrentIndexCreationInTransaction = &rules.Rule{
	Code: "SR103", Name: "ban-concurrent-index-creation-in-transaction",
	Aliases:  []string{"banConcurrentIndexCreationInTransaction"}, // postgres-language-server
	Category: rules.Transactions, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "CONCURRENTLY index operation inside a transaction block",
		Why: "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY commit in several steps of their own, " +
			"so PostgreSQL refuses to run them inside BEGIN ... COMMIT (\"cannot run inside a transaction block\"). The " +
			"migration fails at that statement, after the statements before it in the transaction were rolled back. " +
			"The transaction need not be in the file: migrations.runner says how the tool runs it — goose, Flyway, sqlx, Rails, Django, diesel, dbmate and popx wrap each file in a transaction unless the file opts out, " +
			"and Prisma and golang-migrate send a file as one query, which PostgreSQL runs as one implicit transaction when it holds several statements.",
		Bad:  "-- +goose Up\n-- goose runs this file in a transaction of its own\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);",
		Good: "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);",
	},
	Check: checkBanConcurrentIndexCreationInTransaction,
}

func checkBanConcurrentIndexCreationInTransaction(p *rules.Pass) {
	m := p.Transactions()
	if !m.InTransaction(p.Stmt.Index) {
		return
	}
	what := knowledge.OutsideTransactionReason(p.Stmt.Node, p.PGVersion)
	switch what {
	case "CREATE INDEX CONCURRENTLY", "DROP INDEX CONCURRENTLY", "REINDEX CONCURRENTLY":
	default:
		return
	}
	s := p.Stmt
	end := s.End
	if i := s.WordIndex("CONCURRENTLY", 0); i >= 0 {
		toks := s.Tokens()
		end = toks[i].End
		if i+1 < len(toks) && s.File().IsPunct(toks[i+1], ')') {
			end = toks[i+1].End // REINDEX (CONCURRENTLY)
		}
	}
	switch m.OpenedBy(s.Index) {
	case knowledge.OpenedByFile:
		where := "inside a transaction block"
		if line := txLine(p); line > 0 {
			where = fmt.Sprintf("inside the transaction opened on line %d", line)
		}
		p.Reportf(s.Start, end, "%s cannot run %s; move it out of BEGIN ... COMMIT, into a migration of its own", what, where)
	default:
		// The runner's transaction, or the implicit one of a file sent as
		// one query: the file has no BEGIN to move it out of.
		p.Reportf(s.Start, end, "%s cannot run inside a transaction block, and %s; run it %s", what, m.Reason, m.OptOut())
	}
}
