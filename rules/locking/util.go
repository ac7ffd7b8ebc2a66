// Package locking holds the rules about statements that take locks which
// block reads or writes for long, or that rewrite whole tables: index builds
// without CONCURRENTLY, column defaults that rewrite, constraints validated
// under lock, column type changes.
package locking

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
)

// quote renders an identifier for a message.
func quote(name string) string { return strconv.Quote(name) }

// qualified renders schema.name for a message: "users" or "app"."users".
func qualified(schema, name string) string {
	if schema == "" {
		return quote(name)
	}
	return quote(schema) + "." + quote(name)
}

func relName(rv *pg_query.RangeVar) string { return qualified(rv.GetSchemaname(), rv.GetRelname()) }

func isPunct(f *source.File, t source.Token, c byte) bool {
	return t.Kind == source.Punct && t.End == t.Start+1 && f.Text[t.Start] == c
}

// nameEnd returns the token index just past the (possibly qualified) name
// that starts at token i: name ('.' name)*.
func nameEnd(s *source.Statement, i int) int {
	toks, f := s.Tokens(), s.File()
	if i < 0 || i >= len(toks) {
		return i
	}
	i++
	for i+1 < len(toks) && isPunct(f, toks[i], '.') {
		i += 2
	}
	return i
}

// nameEndOffset returns the file offset where the qualified name starting
// at file offset off ends.
func nameEndOffset(s *source.Statement, off int) int {
	i := s.TokenIndex(off)
	if i < 0 {
		return s.End
	}
	j := nameEnd(s, i)
	toks := s.Tokens()
	if j-1 >= 0 && j-1 < len(toks) {
		return toks[j-1].End
	}
	return s.End
}

// wordIndex returns the index of the first token among the statement's
// first limit tokens (all when limit <= 0) that is the unquoted keyword w,
// or -1.
func wordIndex(s *source.Statement, w string, limit int) int {
	n := len(s.Tokens())
	if limit > 0 && limit < n {
		n = limit
	}
	for i := 0; i < n; i++ {
		if s.TokenIs(i, w) {
			return i
		}
	}
	return -1
}

// alterCmdStarts returns the file offset where each ALTER TABLE subcommand
// begins. The parse tree keeps no location for subcommands, so the tokens
// after the relation name are split at top-level commas; nil when that does
// not yield exactly n items (callers then fall back to the statement).
func alterCmdStarts(s *source.Statement, rel *pg_query.RangeVar, n int) []int {
	if rel == nil {
		return nil
	}
	toks, f := s.Tokens(), s.File()
	i := nameEnd(s, s.TokenIndex(s.Abs(rel.GetLocation())))
	if i < 0 || i >= len(toks) {
		return nil
	}
	if toks[i].Kind == source.Operator && f.TokenText(toks[i]) == "*" {
		i++ // ALTER TABLE t * ...: descendants included
	}
	if i >= len(toks) {
		return nil
	}
	starts := []int{toks[i].Start}
	depth := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.Kind != source.Punct {
			continue
		}
		switch f.Text[t.Start] {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 && i+1 < len(toks) {
				starts = append(starts, toks[i+1].Start)
			}
		}
	}
	if len(starts) != n {
		return nil
	}
	return starts
}

// cmdRange returns the byte range of ALTER TABLE subcommand k, or the whole
// statement when the subcommands cannot be told apart.
func cmdRange(s *source.Statement, starts []int, k int) (int, int) {
	if k < len(starts) {
		return starts[k], s.ItemEnd(starts[k])
	}
	return s.Start, s.End
}

// alterTable is one ALTER TABLE statement on a plain or partitioned table
// that existed before this file, with its subcommands.
type alterTable struct {
	stmt   *pg_query.AlterTableStmt
	rel    *pg_query.RangeVar
	table  *catalog.Table // nil when the catalog does not know the table
	name   string         // for messages: "users" or "app"."users"
	starts []int          // subcommand start offsets, or nil
}

// existingAlterTable returns the statement as an ALTER TABLE on a table that
// exists before this file (or is unknown, which counts as existing), or nil:
// changes to a table created earlier in the same file lock nothing anyone
// else is waiting for.
func existingAlterTable(p *rules.Pass) *alterTable {
	at := p.Stmt.Node.GetAlterTableStmt()
	if at == nil || at.GetObjtype() != pg_query.ObjectType_OBJECT_TABLE || at.GetRelation() == nil {
		return nil
	}
	rel := at.GetRelation()
	if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
		return nil
	}
	t := p.Catalog.Table(rel.GetSchemaname(), rel.GetRelname())
	if t != nil && t.Kind != catalog.KindTable && t.Kind != catalog.KindPartitioned {
		return nil
	}
	return &alterTable{stmt: at, rel: rel, table: t, name: relName(rel),
		starts: alterCmdStarts(p.Stmt, rel, len(at.GetCmds()))}
}

// cmds calls fn for each subcommand with its index.
func (a *alterTable) cmds(fn func(k int, cmd *pg_query.AlterTableCmd)) {
	for k, c := range a.stmt.GetCmds() {
		if cmd := c.GetAlterTableCmd(); cmd != nil {
			fn(k, cmd)
		}
	}
}

// columnDefRange returns the range of an ADD COLUMN subcommand: from ADD
// through the end of the column definition.
func columnDefRange(s *source.Statement, col *pg_query.ColumnDef) (int, int) {
	if col.GetLocation() < 0 {
		return s.Start, s.End
	}
	loc := s.Abs(col.GetLocation())
	return s.WordBefore(loc, "ADD", "COLUMN", "IF", "NOT", "EXISTS"), s.ItemEnd(loc)
}

// constraintRange returns the range of an ADD CONSTRAINT subcommand: from
// ADD through the end of the constraint.
func constraintRange(s *source.Statement, con *pg_query.Constraint) (int, int) {
	if con.GetLocation() < 0 {
		return s.Start, s.End
	}
	loc := s.Abs(con.GetLocation())
	return s.WordBefore(loc, "ADD"), s.ItemEnd(loc)
}

// columnConstraints returns the column's constraints of the given type.
func columnConstraints(col *pg_query.ColumnDef, ct pg_query.ConstrType) []*pg_query.Constraint {
	var out []*pg_query.Constraint
	for _, n := range col.GetConstraints() {
		if c := n.GetConstraint(); c != nil && c.GetContype() == ct {
			out = append(out, c)
		}
	}
	return out
}

// columnDefault returns the column's DEFAULT expression, or nil. An explicit
// DEFAULT NULL counts as no default: it stores nothing.
func columnDefault(col *pg_query.ColumnDef) *pg_query.Node {
	expr := col.GetRawDefault()
	for _, c := range columnConstraints(col, pg_query.ConstrType_CONSTR_DEFAULT) {
		expr = c.GetRawExpr()
	}
	if isNullConst(expr) {
		return nil
	}
	return expr
}

// isNullConst reports whether expr is NULL, possibly cast (NULL::text).
func isNullConst(expr *pg_query.Node) bool {
	for expr.GetTypeCast() != nil {
		expr = expr.GetTypeCast().GetArg()
	}
	return expr.GetAConst() != nil && expr.GetAConst().GetIsnull()
}

// serialTypes are the pseudo-types that give a column a nextval() default.
var serialTypes = map[string]bool{
	"serial": true, "serial4": true, "bigserial": true, "serial8": true,
	"smallserial": true, "serial2": true,
}

// serialType returns the serial pseudo-type a column is declared with
// ("bigserial"), or "".
func serialType(col *pg_query.ColumnDef) string {
	tn := col.GetTypeName()
	if tn == nil || len(tn.GetNames()) != 1 || len(tn.GetArrayBounds()) > 0 {
		return ""
	}
	name := strings.ToLower(tn.GetNames()[0].GetString_().GetSval())
	if serialTypes[name] {
		return name
	}
	return ""
}

// txLine returns the 1-based line of the statement that opened the current
// transaction, or 0.
func txLine(p *rules.Pass) int {
	if p.Tx.Open == nil {
		return 0
	}
	return p.File.Position(p.Tx.Open.Start).Line
}

// constraintStop are the keywords that end a column default's expression at
// parenthesis depth 0: DEFAULT takes a b_expr, which cannot contain them.
var constraintStop = map[string]bool{
	"not": true, "null": true, "constraint": true, "check": true, "unique": true, "primary": true,
	"references": true, "generated": true, "collate": true, "default": true, "deferrable": true,
	"initially": true,
}

// defaultText returns the source text of the column's DEFAULT expression as
// written, shortened for a message; "" when it cannot be found.
func defaultText(s *source.Statement, col *pg_query.ColumnDef) string {
	cons := columnConstraints(col, pg_query.ConstrType_CONSTR_DEFAULT)
	if len(cons) == 0 || cons[len(cons)-1].GetLocation() < 0 {
		return ""
	}
	toks, f := s.Tokens(), s.File()
	i := s.TokenIndex(s.Abs(cons[len(cons)-1].GetLocation()))
	for i >= 0 && i < len(toks) && !s.TokenIs(i, "DEFAULT") {
		i++
	}
	if i < 0 || i+1 >= len(toks) {
		return ""
	}
	first, last := i+1, i+1
	depth := 0
	for j := first; j < len(toks); j++ {
		t := toks[j]
		if t.Kind == source.Punct {
			switch f.Text[t.Start] {
			case '(', '[':
				depth++
			case ')', ']':
				if depth == 0 {
					j = len(toks)
					continue
				}
				depth--
			case ',':
				if depth == 0 {
					j = len(toks)
					continue
				}
			}
		}
		if depth == 0 && j > first && t.Kind == source.Ident && constraintStop[strings.ToLower(f.TokenText(t))] {
			break
		}
		last = j
	}
	text := strings.Join(strings.Fields(f.Text[toks[first].Start:toks[last].End]), " ")
	if len(text) > 60 {
		text = text[:57] + "..."
	}
	return text
}
