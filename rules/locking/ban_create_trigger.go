package locking

import (
	"github.com/sqlreview/sqlreview/rules"
)

// BanCreateTrigger reports CREATE TRIGGER on an existing table.
var BanCreateTrigger = &rules.Rule{
	Code: "SR121", Name: "ban-create-trigger",
	Aliases:  []string{"banCreateTrigger", "avoidCreateTrigger"}, // postgres-language-server, new and old names
	Category: rules.Locking, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "CREATE TRIGGER on an existing table",
		Why: "CREATE TRIGGER takes a SHARE ROW EXCLUSIVE lock, which blocks all writes to the table while it waits for running " +
			"transactions, and the trigger then adds work and hidden behaviour to every matching write. Off by default: triggers " +
			"are a legitimate tool; turn this on to have each new one reviewed.",
		Bad:  "CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit();",
		Good: "CREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit();",
	},
	Check: func(p *rules.Pass) {
		ct := p.Stmt.Node.GetCreateTrigStmt()
		if ct == nil || p.IsNewTable(ct.GetRelation().GetSchemaname(), ct.GetRelation().GetRelname()) {
			return
		}
		start, end := stmtHead(p)
		p.Reportf(start, end, "creating trigger %s on table %s takes a SHARE ROW EXCLUSIVE lock that blocks writes while it waits, and adds work to every matching write; make sure both are intended",
			rules.Quote(ct.GetTrigname()), rules.RelName(ct.GetRelation()))
	},
}
