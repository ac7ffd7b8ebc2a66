// Package transactions holds the rules about explicit transaction control
// (BEGIN, COMMIT, ROLLBACK) in migration files.
package transactions

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/source"
)

// txKind returns the transaction statement's kind, or false when s is not a
// transaction statement.
func txKind(s *source.Statement) (pg_query.TransactionStmtKind, bool) {
	t, ok := s.Node.GetNode().(*pg_query.Node_TransactionStmt)
	if !ok {
		return 0, false
	}
	return t.TransactionStmt.GetKind(), true
}

// keyword returns the statement's first word as written, upper-cased for
// messages ("BEGIN", "START TRANSACTION", "COMMIT", "END", ...).
func keyword(s *source.Statement) string {
	toks := s.Tokens()
	if len(toks) == 0 {
		return ""
	}
	w := strings.ToUpper(s.File().TokenText(toks[0]))
	if w == "START" && len(toks) > 1 {
		w += " " + strings.ToUpper(s.File().TokenText(toks[1]))
	}
	return w
}
