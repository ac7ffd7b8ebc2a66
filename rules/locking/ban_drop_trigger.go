package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropTrigger reports DROP TRIGGER on an existing table.
var BanDropTrigger = &rules.Rule{
	Code: "SR122", Name: "ban-drop-trigger",
	Aliases:  []string{"banDropTrigger"}, // postgres-language-server; Squawk uses the rule name
	Category: rules.Locking, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "DROP TRIGGER on an existing table",
		Why: "DROP TRIGGER takes an ACCESS EXCLUSIVE lock on the table, queueing all reads and writes behind it while it waits " +
			"for running transactions, and whatever the trigger maintained (an audit log, a denormalized column) silently stops. " +
			"Off by default: turn it on to have each removal reviewed.",
		Bad:  "DROP TRIGGER orders_audit ON orders;",
		Good: "CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit();\nDROP TRIGGER orders_audit ON orders;",
	},
	Check: func(p *rules.Pass) {
		ds := p.Stmt.Node.GetDropStmt()
		if ds == nil || ds.GetRemoveType() != pg_query.ObjectType_OBJECT_TRIGGER {
			return
		}
		for _, obj := range ds.GetObjects() {
			parts := nameParts(obj)
			if len(parts) < 2 {
				continue
			}
			schema := ""
			if len(parts) >= 3 {
				schema = parts[len(parts)-3]
			}
			table := parts[len(parts)-2]
			if p.IsNewTable(schema, table) {
				continue
			}
			p.Reportf(p.Stmt.Start, p.Stmt.End, "dropping trigger %s takes an ACCESS EXCLUSIVE lock on table %s and stops what the trigger maintained; make sure nothing relies on it",
				rules.Quote(parts[len(parts)-1]), rules.Qualified(schema, table))
		}
	},
}
