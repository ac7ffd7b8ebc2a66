package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// alterTableCmds calls fn with each subcommand of an ALTER TABLE statement
// and its byte range (the whole statement when the subcommands cannot be
// told apart).
func alterTableCmds(p *rules.Pass, fn func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, start, end int)) {
	at := p.Stmt.Node.GetAlterTableStmt()
	if at == nil || at.GetObjtype() != pg_query.ObjectType_OBJECT_TABLE {
		return
	}
	rel := at.GetRelation()
	cmds := at.GetCmds()
	starts := p.Stmt.AlterCmdStarts(rel, len(cmds))
	for k, c := range cmds {
		start, end := p.Stmt.CmdRange(starts, k)
		fn(rel, c.GetAlterTableCmd(), start, end)
	}
}
