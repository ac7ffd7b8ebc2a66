package source

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// parserVersion is the PG_VERSION_NUM of the bundled libpg_query; Deparse
// refuses trees that do not carry it.
const parserVersion = 170007

// Deparse renders an expression node back to SQL text, e.g. a column default
// "now()". It returns "" when the node cannot be rendered.
func Deparse(expr *pg_query.Node) string {
	if expr == nil {
		return ""
	}
	sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{pg_query.MakeResTargetNodeWithVal(expr, -1)}}
	tree := &pg_query.ParseResult{Version: parserVersion, Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}}}}
	out, err := deparse(tree)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(out, "SELECT ")
}

// DeparseStmt renders a statement node back to SQL text ("" on failure).
func DeparseStmt(stmt *pg_query.Node) string {
	if stmt == nil {
		return ""
	}
	out, err := deparse(&pg_query.ParseResult{Version: parserVersion, Stmts: []*pg_query.RawStmt{{Stmt: stmt}}})
	if err != nil {
		return ""
	}
	return out
}

// TokenIndex returns the index (into Tokens()) of the token that contains or
// starts at or after the file offset off, or -1.
func (s *Statement) TokenIndex(off int) int {
	toks := s.Tokens()
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].End <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo >= len(toks) {
		return -1
	}
	return lo
}

// TokenIs reports whether token i of the statement is the (unquoted,
// case-insensitive) word w.
func (s *Statement) TokenIs(i int, w string) bool {
	toks := s.Tokens()
	if i < 0 || i >= len(toks) || toks[i].Kind != Ident {
		return false
	}
	return strings.EqualFold(s.file.Text[toks[i].Start:toks[i].End], w)
}

// ItemEnd returns the end offset of the list item (column definition,
// constraint, ALTER TABLE subcommand, ...) that starts at off: the end of the
// last token before a ',' or unbalanced ')' at parenthesis depth 0, or the
// statement end.
func (s *Statement) ItemEnd(off int) int {
	toks := s.Tokens()
	i := s.TokenIndex(off)
	if i < 0 {
		return s.End
	}
	depth := 0
	end := toks[i].End
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.Kind == Punct {
			switch s.file.Text[t.Start] {
			case '(', '[':
				depth++
			case ')', ']':
				if depth == 0 {
					return end
				}
				depth--
			case ',':
				if depth == 0 {
					return end
				}
			}
		}
		end = t.End
	}
	return end
}

// WordBefore returns the start offset of the run of words ws that ends just
// before the token at off (e.g. "ADD", "COLUMN" before a column name), so a
// finding can cover "ADD COLUMN x int" rather than "x int". Words absent from
// the source are skipped; it returns off when none match.
func (s *Statement) WordBefore(off int, ws ...string) int {
	i := s.TokenIndex(off)
	if i < 0 {
		return off
	}
	start := off
	for k := len(ws) - 1; k >= 0; k-- {
		if s.TokenIs(i-1, ws[k]) {
			i--
			start = s.Tokens()[i].Start
		}
	}
	return start
}

// IsPunct reports whether t is the one-character punctuation c.
func (f *File) IsPunct(t Token, c byte) bool {
	return t.Kind == Punct && t.End == t.Start+1 && f.Text[t.Start] == c
}

// NameEnd returns the token index just past the (possibly qualified) name
// that starts at token i: name ('.' name)*.
func (s *Statement) NameEnd(i int) int {
	toks := s.Tokens()
	if i < 0 || i >= len(toks) {
		return i
	}
	i++
	for i+1 < len(toks) && s.file.IsPunct(toks[i], '.') {
		i += 2
	}
	return i
}

// NameEndOffset returns the file offset where the qualified name starting
// at file offset off ends.
func (s *Statement) NameEndOffset(off int) int {
	i := s.TokenIndex(off)
	if i < 0 {
		return s.End
	}
	j := s.NameEnd(i)
	toks := s.Tokens()
	if j-1 >= 0 && j-1 < len(toks) {
		return toks[j-1].End
	}
	return s.End
}

// WordIndex returns the index of the first token among the statement's
// first limit tokens (all when limit <= 0) that is the unquoted keyword w,
// or -1.
func (s *Statement) WordIndex(w string, limit int) int {
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

// AlterCmdStarts returns the file offset where each ALTER TABLE subcommand
// begins, given the table name. The parse tree keeps no location for
// subcommands, so the tokens after the name are split at top-level commas;
// nil when that does not yield exactly n items (callers then fall back to
// the statement).
func (s *Statement) AlterCmdStarts(rel *pg_query.RangeVar, n int) []int {
	if rel == nil {
		return nil
	}
	toks, f := s.Tokens(), s.file
	i := s.NameEnd(s.TokenIndex(s.Abs(rel.GetLocation())))
	if i < 0 || i >= len(toks) {
		return nil
	}
	if toks[i].Kind == Operator && f.TokenText(toks[i]) == "*" {
		i++ // ALTER TABLE t * ...: descendants included
	}
	if i >= len(toks) {
		return nil
	}
	starts := []int{toks[i].Start}
	depth := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.Kind != Punct {
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

// CmdRange returns the byte range of ALTER TABLE subcommand k given
// AlterCmdStarts' result, or the whole statement when the subcommands
// cannot be told apart.
func (s *Statement) CmdRange(starts []int, k int) (int, int) {
	if k < len(starts) {
		return starts[k], s.ItemEnd(starts[k])
	}
	return s.Start, s.End
}
