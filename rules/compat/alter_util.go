package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// existingTableCmds calls fn for each subcommand of an ALTER TABLE on a
// table that existed before this file, with the subcommand's range.
func existingTableCmds(p *rules.Pass, fn func(name string, cmd *pg_query.AlterTableCmd, start, end int)) {
	at := p.Stmt.Node.GetAlterTableStmt()
	if at == nil || at.GetObjtype() != pg_query.ObjectType_OBJECT_TABLE || at.GetRelation() == nil {
		return
	}
	rel := at.GetRelation()
	if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
		return
	}
	starts := p.Stmt.AlterCmdStarts(rel, len(at.GetCmds()))
	for k, c := range at.GetCmds() {
		if cmd := c.GetAlterTableCmd(); cmd != nil {
			start, end := p.Stmt.CmdRange(starts, k)
			fn(rules.RelName(rel), cmd, start, end)
		}
	}
}
