// Package compat holds the rules about changes that break application code
// already running against the database: dropping or renaming tables,
// columns and databases.
package compat

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"

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

// nameEnd returns the index just past the (possibly qualified) name that
// starts at token i: ident ('.' ident)*.
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

// alterCmdStarts returns the file offset where each ALTER TABLE subcommand
// begins. The parse tree keeps no location for subcommands, so the tokens
// after the relation name are split at top-level commas; nil when that does
// not yield exactly n items (the caller then falls back to the statement).
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
