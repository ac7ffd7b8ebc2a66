package rules

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/source"
)

// RebuildIndexConcurrently returns the statement that makes a CREATE INDEX
// CONCURRENTLY re-runnable: "DROP INDEX CONCURRENTLY IF EXISTS name;" with
// the index name as written (qualified with the table's schema as written).
// IF NOT EXISTS is no substitute: a failed concurrent build leaves an
// INVALID index of that name, which IF NOT EXISTS then keeps. "" when the
// index has no name to drop.
func RebuildIndexConcurrently(s *source.Statement, ix *pg_query.IndexStmt) string {
	if ix.GetIdxname() == "" {
		return ""
	}
	// The name follows INDEX [CONCURRENTLY] [IF NOT EXISTS].
	i := s.WordIndex("INDEX", 4)
	if i < 0 {
		return ""
	}
	for _, w := range []string{"CONCURRENTLY", "IF", "NOT", "EXISTS"} {
		if s.TokenIs(i+1, w) {
			i++
		}
	}
	toks := s.Tokens()
	if i+1 >= len(toks) {
		return ""
	}
	name := s.File().TokenText(toks[i+1])
	if rel := ix.GetRelation(); rel.GetSchemaname() != "" && rel.GetLocation() >= 0 {
		start := s.Abs(rel.GetLocation())
		qualified := s.File().Text[start:s.NameEndOffset(start)]
		if dot := strings.LastIndexByte(qualified, '.'); dot > 0 {
			name = strings.TrimSpace(qualified[:dot]) + "." + name
		}
	}
	return "DROP INDEX CONCURRENTLY IF EXISTS " + name + ";"
}

// DroppedBefore reports whether the statement just before s (in its file)
// is DROP INDEX ... IF EXISTS of the index ix creates.
func DroppedBefore(s *source.Statement, ix *pg_query.IndexStmt) bool {
	stmts := s.File().Statements
	if s.Index == 0 || s.Index > len(stmts) {
		return false
	}
	d := stmts[s.Index-1].Node.GetDropStmt()
	if d == nil || !d.GetMissingOk() || d.GetRemoveType() != pg_query.ObjectType_OBJECT_INDEX {
		return false
	}
	for _, o := range d.GetObjects() {
		items := o.GetList().GetItems()
		if len(items) > 0 && items[len(items)-1].GetString_().GetSval() == ix.GetIdxname() {
			return true
		}
	}
	return false
}
