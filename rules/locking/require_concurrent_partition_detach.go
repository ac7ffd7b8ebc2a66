package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// RequireConcurrentPartitionDetach reports DETACH PARTITION without
// CONCURRENTLY on PostgreSQL 14 and later.
var RequireConcurrentPartitionDetach = &rules.Rule{
	Code: "SR116", Name: "require-concurrent-partition-detach",
	Aliases:  []string{"requireConcurrentDetachPartition"}, // Squawk uses the rule name
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixAlways,
	Doc: rules.Doc{
		Title: "DETACH PARTITION without CONCURRENTLY",
		Why: "ALTER TABLE ... DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table, so every query on any " +
			"partition waits behind it, and it waits itself for every running query. From PostgreSQL 14, DETACH PARTITION " +
			"CONCURRENTLY takes only a SHARE UPDATE EXCLUSIVE lock on the parent. It cannot run inside a transaction block and " +
			"is refused when the table has a default partition. Reported only when the target version is 14 or later.",
		Bad:       "ALTER TABLE measurements DETACH PARTITION measurements_2020;",
		Good:      "ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;",
		FixSafety: "Appends CONCURRENTLY. Marked unsafe: the statement can then no longer run inside a transaction block, and a migration tool that wraps files in one must be told so.",
	},
	Check: checkRequireConcurrentPartitionDetach,
}

func checkRequireConcurrentPartitionDetach(p *rules.Pass) {
	if p.PGVersion < 14 {
		return
	}
	a := alterExistingTable(p)
	if a == nil {
		return
	}
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		pc := cmd.GetDef().GetPartitionCmd()
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_DetachPartition || pc == nil || pc.GetConcurrent() {
			return
		}
		start, end := p.Stmt.CmdRange(a.starts, k)
		p.Report(rules.Diagnostic{Start: start, End: end,
			Message: "detaching partition " + rules.RelName(pc.GetName()) + " from " + a.name + " takes an ACCESS EXCLUSIVE lock on the partitioned table, blocking all its queries; use DETACH PARTITION ... CONCURRENTLY, outside a transaction block",
			Fix: &rules.Fix{Title: "Detach the partition CONCURRENTLY",
				Edits: []rules.Edit{{Start: end, End: end, NewText: " CONCURRENTLY"}}},
		})
	})
}
