package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// DisallowRemoveTableCascade reports DROP TABLE ... CASCADE and TRUNCATE
// ... CASCADE.
var DisallowRemoveTableCascade = &rules.Rule{
	Code: "SR411", Name: "disallow-remove-table-cascade",
	Aliases: []string{
		"statement.disallow-rm-tbl-cascade", // Bytebase rule key
		"STATEMENT_DISALLOW_RM_TBL_CASCADE", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "DROP TABLE or TRUNCATE with CASCADE",
		Why: "CASCADE removes more than the statement names: DROP TABLE ... CASCADE also drops the views and foreign keys that depend on the table, " +
			"TRUNCATE ... CASCADE empties every table with a foreign key to it, and neither lists what it took. " +
			"Drop or empty the dependent objects explicitly, so the migration says what it removes; without CASCADE PostgreSQL refuses instead of guessing.",
		Bad:  "DROP TABLE customers CASCADE;",
		Good: "DROP TABLE customers;",
	},
	Check: checkDisallowRemoveTableCascade,
}

func checkDisallowRemoveTableCascade(p *rules.Pass) {
	switch n := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_DropStmt:
		if n.DropStmt.GetRemoveType() != pg_query.ObjectType_OBJECT_TABLE || n.DropStmt.GetBehavior() != pg_query.DropBehavior_DROP_CASCADE {
			return
		}
		reportCascade(p, "DROP TABLE ... CASCADE also drops the views and foreign keys that depend on the table; drop them explicitly and remove CASCADE")
	case *pg_query.Node_TruncateStmt:
		if n.TruncateStmt.GetBehavior() != pg_query.DropBehavior_DROP_CASCADE {
			return
		}
		reportCascade(p, "TRUNCATE ... CASCADE also empties every table with a foreign key to the truncated ones; name those tables explicitly and remove CASCADE")
	}
}

// reportCascade reports on the statement's CASCADE keyword.
func reportCascade(p *rules.Pass, msg string) {
	toks := p.Stmt.Tokens()
	for i := len(toks) - 1; i >= 0; i-- {
		if p.Stmt.TokenIs(i, "CASCADE") {
			p.Reportf(toks[i].Start, toks[i].End, "%s", msg)
			return
		}
	}
	p.Reportf(p.Stmt.Start, p.Stmt.End, "%s", msg)
}
