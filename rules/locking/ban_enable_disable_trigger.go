package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanEnableDisableTrigger reports ALTER TABLE ... ENABLE/DISABLE TRIGGER.
var BanEnableDisableTrigger = &rules.Rule{
	Code: "SR123", Name: "ban-enable-disable-trigger",
	Aliases: []string{
		"banEnableDisableTrigger", "avoidEnableDisableTrigger", // postgres-language-server, new and old names
	},
	Category: rules.Locking, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "ALTER TABLE ... ENABLE or DISABLE TRIGGER on an existing table",
		Why: "Enabling or disabling a trigger takes a SHARE ROW EXCLUSIVE lock that blocks writes while it waits, and a disabled " +
			"trigger (a foreign-key trigger with DISABLE TRIGGER ALL) stops enforcing what it guarded for every session, not " +
			"just the migration's. Off by default: turn it on to have each such change reviewed.",
		Bad:  "ALTER TABLE orders DISABLE TRIGGER orders_audit;",
		Good: "ALTER TABLE orders ADD COLUMN note text;",
	},
	Check: func(p *rules.Pass) {
		a := existingAlterTable(p)
		if a == nil {
			return
		}
		a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
			verb := ""
			switch cmd.GetSubtype() {
			case pg_query.AlterTableType_AT_EnableTrig, pg_query.AlterTableType_AT_EnableTrigAll, pg_query.AlterTableType_AT_EnableTrigUser,
				pg_query.AlterTableType_AT_EnableAlwaysTrig, pg_query.AlterTableType_AT_EnableReplicaTrig:
				verb = "enabling"
			case pg_query.AlterTableType_AT_DisableTrig, pg_query.AlterTableType_AT_DisableTrigAll, pg_query.AlterTableType_AT_DisableTrigUser:
				verb = "disabling"
			default:
				return
			}
			start, end := p.Stmt.CmdRange(a.starts, k)
			p.Reportf(start, end, "%s triggers on table %s blocks writes while it waits for the lock and changes what every session's writes do; make sure it is intended and undone if temporary", verb, a.name)
		})
	},
}
