package statements

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// inspectNode is inspect from a node; nil is fine.
func inspectNode(n *pg_query.Node, fn func(any) bool) {
	if n == nil {
		return
	}
	rules.WalkNodes(n, fn)
}

// isQuery reports whether the statement reads or writes rows: the
// statements whose SELECTs and WHERE clauses query rules look at (a CHECK
// constraint's LIKE or a function body is no query).
func isQuery(n *pg_query.Node) bool {
	switch n.GetNode().(type) {
	case *pg_query.Node_SelectStmt, *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt,
		*pg_query.Node_DeleteStmt, *pg_query.Node_MergeStmt, *pg_query.Node_ViewStmt,
		*pg_query.Node_CreateTableAsStmt, *pg_query.Node_ExplainStmt, *pg_query.Node_CopyStmt:
		return true
	}
	return false
}

// leafSelect is a SELECT that is not a set operation (UNION, ...), with what
// the rules need to know about where it sits.
type leafSelect struct {
	sel *pg_query.SelectStmt
	// inExists is set for the sub-query of EXISTS (...), whose select list
	// PostgreSQL ignores.
	inExists bool
}

// location is a parse location inside or at the query (its first FROM
// item), or -1. Computed on demand: only reported SELECTs need it, and it
// walks the FROM item.
func (ls leafSelect) location() int32 {
	if from := ls.sel.GetFromClause(); len(from) > 0 {
		return firstLocation(from[0])
	}
	return -1
}

// appendLeafSelect adds m to out when it is a leaf SELECT; EXISTS sub-links
// are recorded in exists first (pre-order visits them before their query).
func appendLeafSelect(out []leafSelect, exists *map[*pg_query.SelectStmt]bool, m any) []leafSelect {
	switch v := m.(type) {
	case *pg_query.SubLink:
		if v.GetSubLinkType() == pg_query.SubLinkType_EXISTS_SUBLINK {
			if s := v.GetSubselect().GetSelectStmt(); s != nil {
				if *exists == nil {
					*exists = map[*pg_query.SelectStmt]bool{}
				}
				(*exists)[s] = true
			}
		}
	case *pg_query.SelectStmt:
		if v.GetOp() == pg_query.SetOperation_SETOP_NONE && len(v.GetValuesLists()) == 0 {
			out = append(out, leafSelect{sel: v, inExists: (*exists)[v]})
		}
	}
	return out
}

// firstLocation returns the smallest parse location under n, or -1.
func firstLocation(n *pg_query.Node) int32 {
	best := int32(-1)
	inspectNode(n, func(v any) bool {
		m := v.(protoreflect.ProtoMessage).ProtoReflect()
		fd := m.Descriptor().Fields().ByName("location")
		if fd != nil && fd.Kind() == protoreflect.Int32Kind {
			if l := int32(m.Get(fd).Int()); l >= 0 && (best < 0 || l < best) {
				best = l
			}
		}
		return true
	})
	return best
}

// stringConst returns the value of a string literal (possibly cast), and
// whether n is one.
func stringConst(n *pg_query.Node) (string, bool) {
	for n.GetTypeCast() != nil {
		n = n.GetTypeCast().GetArg()
	}
	c := n.GetAConst()
	if c == nil || c.GetSval() == nil {
		return "", false
	}
	return c.GetSval().GetSval(), true
}

// funcNameOf returns a function call's unqualified name, lower-cased.
func funcNameOf(fc *pg_query.FuncCall) string {
	parts := fc.GetFuncname()
	if len(parts) == 0 {
		return ""
	}
	return strings.ToLower(parts[len(parts)-1].GetString_().GetSval())
}

// wordsRange finds the run of unquoted keywords ws among the statement's
// tokens at or after file offset from, and returns its byte range; ok is
// false when the run does not occur.
func wordsRange(s *source.Statement, from int, ws ...string) (start, end int, ok bool) {
	i := s.TokenIndex(from)
	if i < 0 {
		return 0, 0, false
	}
	toks := s.Tokens()
	for ; i+len(ws) <= len(toks); i++ {
		match := true
		for k, w := range ws {
			if !s.TokenIs(i+k, w) {
				match = false
				break
			}
		}
		if match {
			return toks[i].Start, toks[i+len(ws)-1].End, true
		}
	}
	return 0, 0, false
}

// headRange is the statement's first token: a compact place for findings
// about the statement as a whole.
func headRange(s *source.Statement) (int, int) {
	if toks := s.Tokens(); len(toks) > 0 {
		return toks[0].Start, toks[0].End
	}
	return s.Start, s.End
}

// nameRange is the (qualified) name at parse location loc.
func nameRange(s *source.Statement, loc int32) (int, int) {
	if loc < 0 {
		return headRange(s)
	}
	start := s.Abs(loc)
	return start, s.NameEndOffset(start)
}

// relKey is a relation's lookup key in per-file indexes: unqualified names
// live in public, PostgreSQL's default search path.
func relKey(rv *pg_query.RangeVar) string {
	schema := rv.GetSchemaname()
	if schema == "" {
		schema = "public"
	}
	return schema + "." + rv.GetRelname()
}

// NeedsDatabaseNote ends the message a rule that needs a live database
// reports, once per file, when no database connection is configured: it
// says the check was skipped instead of passing silently. The Bytebase
// conformance test recognises these notes by this suffix (Bytebase's own
// tests run without a database, where these rules report nothing).
const NeedsDatabaseNote = "needs a live database (--database-url); skipped"

// liveDatabase reports whether the pass can query the target database
// (check --database-url); without one the rules that need it report
// NeedsDatabaseNote. See live.go.
func liveDatabase(p *rules.Pass) bool { return p.DB != nil }

type noteKey struct{ rule string }

// noteOnce reports, on the first statement of a file that a live-database
// rule would have checked, that the check needs a database and was skipped.
// Later statements of the file stay quiet, so a file gets one note, not one
// per statement.
func noteOnce(p *rules.Pass, start, end int, what string) {
	done := p.FileMemo(noteKey{p.Rule.Name}, func() any { return new(bool) }).(*bool)
	if *done {
		return
	}
	*done = true
	p.Reportf(start, end, "%s %s", what, NeedsDatabaseNote)
}

// tokenEnd is the end of the token at file offset off.
func tokenEnd(p *rules.Pass, off int) int {
	i := p.Stmt.TokenIndex(off)
	if i < 0 {
		return p.Stmt.End
	}
	return p.Stmt.Tokens()[i].End
}

func itoa(n int) string { return strconv.Itoa(n) }

// quoteLiteral renders a string as an SQL literal for messages.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// eachMessage calls fn for every message of the current statement's tree,
// from the walk the rules share (rules.Pass.Messages).
func eachMessage(p *rules.Pass, fn func(any)) {
	for _, m := range p.Nodes() {
		fn(m)
	}
}

type leafSelectsKey struct{}

// stmtLeafSelects lists every plain SELECT of the current statement: the
// statement itself, the arms of UNION / INTERSECT / EXCEPT, CTEs,
// sub-queries in FROM, WHERE, the select list and elsewhere (VALUES lists
// are not SELECTs), computed once per statement for the rules that share it.
func stmtLeafSelects(p *rules.Pass) []leafSelect {
	return p.StmtMemo(leafSelectsKey{}, func() any {
		var out []leafSelect
		var exists map[*pg_query.SelectStmt]bool // made at the first EXISTS
		for _, m := range p.Nodes() {
			out = appendLeafSelect(out, &exists, m)
		}
		return out
	}).([]leafSelect)
}
