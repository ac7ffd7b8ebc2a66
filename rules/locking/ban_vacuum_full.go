package locking

import (
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// BanVacuumFull reports VACUUM FULL and CLUSTER.
var BanVacuumFull = &rules.Rule{
	Code: "SR124", Name: "ban-vacuum-full",
	Aliases: []string{
		"banVacuumFull", // postgres-language-server
		"prefer-repack", // Squawk: VACUUM FULL and CLUSTER, use pg_repack
	},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "VACUUM FULL or CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock",
		Why: "VACUUM FULL and CLUSTER copy the whole table and rebuild its indexes while holding an ACCESS EXCLUSIVE lock: no " +
			"read or write gets through for minutes to hours, and the copy needs as much free disk again. Plain VACUUM reclaims " +
			"space for reuse without blocking; to shrink or reorder a table online use pg_repack or pg_squeeze.",
		Bad:  "VACUUM FULL orders;",
		Good: "VACUUM (ANALYZE) orders;",
	},
	Check: func(p *rules.Pass) {
		n := p.Stmt.Node
		if vs := n.GetVacuumStmt(); vs != nil && vs.GetIsVacuumcmd() && knowledge.HasOption(vs.GetOptions(), "full") {
			what := "every table of the database"
			if len(vs.GetRels()) == 1 {
				what = "table " + rules.RelName(vs.GetRels()[0].GetVacuumRelation().GetRelation())
			} else if len(vs.GetRels()) > 1 {
				what = "each listed table"
			}
			p.Reportf(p.Stmt.Start, p.Stmt.End, "VACUUM FULL rewrites %s under an ACCESS EXCLUSIVE lock, blocking all reads and writes until it ends; use plain VACUUM, or pg_repack to shrink a table online", what)
			return
		}
		if cs := n.GetClusterStmt(); cs != nil {
			what := "every previously clustered table"
			if cs.GetRelation() != nil {
				if p.IsNewTable(cs.GetRelation().GetSchemaname(), cs.GetRelation().GetRelname()) {
					return
				}
				what = "table " + rules.RelName(cs.GetRelation())
			}
			p.Reportf(p.Stmt.Start, p.Stmt.End, "CLUSTER rewrites %s under an ACCESS EXCLUSIVE lock, blocking all reads and writes until it ends; use pg_repack to reorder a table online", what)
		}
	},
}
