package rules

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/source"
)

// AlterCmd is one subcommand of an ALTER TABLE statement (or ALTER INDEX,
// VIEW, TYPE ..., which share its parse tree).
type AlterCmd struct {
	Rel *pg_query.RangeVar
	Cmd *pg_query.AlterTableCmd
	// K is the subcommand's position in the statement.
	K     int
	stmt  *source.Statement
	split *cmdSplit
}

// cmdSplit holds the subcommand start offsets, found on the first Range
// call: splitting re-reads the statement's tokens, and most subcommands are
// never reported.
type cmdSplit struct {
	done   bool
	starts []int
}

// Range is the subcommand's byte range: from its first token through the
// end of its item, or the whole statement when the subcommands cannot be
// told apart.
func (c AlterCmd) Range() (int, int) {
	if !c.split.done {
		c.split.starts, c.split.done = c.stmt.AlterCmdStarts(c.Rel, len(c.stmt.Node.GetAlterTableStmt().GetCmds())), true
	}
	return c.stmt.CmdRange(c.split.starts, c.K)
}

// AlterCmds returns the subcommands of s when it is an ALTER statement on an
// object of one of kinds (a table when none is given), in order; nil for
// any other statement. This is the one walk of ALTER TABLE subcommands that
// rules share.
func AlterCmds(s *source.Statement, kinds ...pg_query.ObjectType) []AlterCmd {
	if s == nil {
		return nil
	}
	at := s.Node.GetAlterTableStmt()
	if at == nil {
		return nil
	}
	if len(kinds) == 0 {
		kinds = []pg_query.ObjectType{pg_query.ObjectType_OBJECT_TABLE}
	}
	if !slices.Contains(kinds, at.GetObjtype()) {
		return nil
	}
	split := &cmdSplit{}
	var out []AlterCmd
	for k, c := range at.GetCmds() {
		if cmd := c.GetAlterTableCmd(); cmd != nil {
			out = append(out, AlterCmd{Rel: at.GetRelation(), Cmd: cmd, K: k, stmt: s, split: split})
		}
	}
	return out
}

// AlterCmds is AlterCmds of the statement being checked. The list for a
// table, which a dozen rules ask of every statement, is made once per
// statement and shared: callers only read it. (Keying other kinds' lists
// too cost more in boxed keys and closures than it saved.)
func (p *Pass) AlterCmds(kinds ...pg_query.ObjectType) []AlterCmd {
	if len(kinds) == 0 {
		return p.StmtMemo(alterCmdsKey{}, func() any { return AlterCmds(p.Stmt) }).([]AlterCmd)
	}
	return AlterCmds(p.Stmt, kinds...)
}

type alterCmdsKey struct{}
