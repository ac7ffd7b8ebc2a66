package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAttachPartition reports ATTACH PARTITION on an existing partitioned
// table.
var BanAttachPartition = &rules.Rule{
	Code: "SR119", Name: "ban-attach-partition",
	Aliases:  []string{"banAttachPartition", "avoidAttachingPartition"}, // postgres-language-server, new and old names
	Category: rules.Locking, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "ATTACH PARTITION on an existing partitioned table",
		Why: "Before PostgreSQL 12, ATTACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table. From 12 the parent " +
			"only gets a SHARE UPDATE EXCLUSIVE lock, but the attached table is still locked ACCESS EXCLUSIVE and scanned to prove " +
			"every row fits the bound — unless a validated CHECK constraint already implies it — and a default partition is " +
			"scanned too. Add such a CHECK constraint (NOT VALID, then VALIDATE) before attaching. Off by default: from 12, " +
			"attaching a prepared table is the recommended way to add data to a partitioned table.",
		Bad:  "ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
		Good: "CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
	},
	Check: checkBanAttachPartition,
}

func checkBanAttachPartition(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		pc := cmd.GetDef().GetPartitionCmd()
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AttachPartition || pc == nil {
			return
		}
		start, end := p.Stmt.CmdRange(a.starts, k)
		part := rules.RelName(pc.GetName())
		if p.PGVersion < 12 {
			p.Reportf(start, end, "attaching partition %s takes an ACCESS EXCLUSIVE lock on %s before PostgreSQL 12, blocking all its queries while %s is scanned; attach in a maintenance window", part, a.name, part)
			return
		}
		p.Reportf(start, end, "attaching partition %s to %s locks %s ACCESS EXCLUSIVE and scans it unless a validated CHECK constraint matches the partition bound; add that constraint (NOT VALID, then VALIDATE) first", part, a.name, part)
	})
}
