package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// alterTableCmds calls fn with each subcommand of an ALTER TABLE statement
// and its byte range (the whole statement when the subcommands cannot be
// told apart).
func alterTableCmds(p *rules.Pass, fn func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, start, end int)) {
	for _, c := range p.AlterCmds() {
		start, end := c.Range()
		fn(c.Rel, c.Cmd, start, end)
	}
}
