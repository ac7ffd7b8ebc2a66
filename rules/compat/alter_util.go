package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// existingTableCmds calls fn for each subcommand of an ALTER TABLE on a
// table that existed before this file, with the subcommand's range.
func existingTableCmds(p *rules.Pass, fn func(name string, cmd *pg_query.AlterTableCmd, start, end int)) {
	rel := p.Stmt.Node.GetAlterTableStmt().GetRelation()
	if rel == nil || p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
		return
	}
	for _, c := range p.AlterCmds() {
		start, end := c.Range()
		fn(rules.RelName(rel), c.Cmd, start, end)
	}
}
