package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// DisallowTruncate reports every table a TRUNCATE empties.
var DisallowTruncate = &rules.Rule{
	Code: "SR412", Name: "disallow-truncate",
	Aliases: []string{
		"STATEMENT_DISALLOW_TRUNCATE", // Bytebase rule enum (it has no legacy key)
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "TRUNCATE in a migration",
		Why: "TRUNCATE deletes every row without firing ON DELETE triggers (audit, outbox and soft-delete triggers are silently skipped), takes an ACCESS EXCLUSIVE lock, " +
			"and is not MVCC-safe: concurrent transactions with an older snapshot see the table empty. CASCADE also empties the tables that reference it, and RESTART IDENTITY resets their sequences. " +
			"Delete the rows with DELETE (in batches on a large table) or drop the table. One finding per table named.",
		Bad:  "TRUNCATE TABLE sessions;",
		Good: "DELETE FROM sessions WHERE expires_at < now();",
	},
	Check: checkDisallowTruncate,
}

func checkDisallowTruncate(p *rules.Pass) {
	tr := p.Stmt.Node.GetTruncateStmt()
	if tr == nil {
		return
	}
	suffix := ""
	if tr.GetBehavior() == pg_query.DropBehavior_DROP_CASCADE {
		suffix += "; CASCADE also empties the tables that reference it"
	}
	if tr.GetRestartSeqs() {
		suffix += "; RESTART IDENTITY resets its owned sequences"
	}
	for _, r := range tr.GetRelations() {
		rv := r.GetRangeVar()
		start, end := nameRange(p.Stmt, rv.GetLocation())
		p.Reportf(start, end, "TRUNCATE empties %s without firing its ON DELETE triggers%s; delete the rows with DELETE instead", rules.RelName(rv), suffix)
	}
}
