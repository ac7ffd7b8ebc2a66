package rollback

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDetachInheritance reports DETACH PARTITION and NO INHERIT on an
// existing table.
var BanDetachInheritance = &rules.Rule{
	Code: "SR227", Name: "ban-detach-inheritance",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Detaching a partition or removing inheritance",
		Why: "Queries on a partitioned or parent table read the rows of its partitions and children. After DETACH PARTITION or " +
			"NO INHERIT those rows disappear from the parent's results, and inserts through the parent that routed to the detached " +
			"partition fail; the previous release, after a rollback, sees the same. Off by default; the lock DETACH PARTITION takes " +
			"is require-concurrent-partition-detach's. Tables created earlier in the same file are not reported.",
		Bad:  "ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;",
		Good: "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
	},
	Check: func(p *rules.Pass) {
		reportCmds(p, onlyTable, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string {
			switch cmd.GetSubtype() {
			case pg_query.AlterTableType_AT_DetachPartition:
				return fmt.Sprintf("detaching partition %s from %s removes its rows from the parent's results for existing clients; "+
					"move readers and writers to the partition first", rules.RelName(cmd.GetDef().GetPartitionCmd().GetName()), rules.RelName(rel))
			case pg_query.AlterTableType_AT_DropInherit:
				return fmt.Sprintf("removing the inheritance of %s from %s removes its rows from the parent's results for existing clients; "+
					"move readers and writers first", rules.RelName(rel), rules.RelName(cmd.GetDef().GetRangeVar()))
			}
			return ""
		})
	},
}
