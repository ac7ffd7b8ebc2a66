package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// ChangingColumnType reports ALTER COLUMN ... TYPE that rewrites an existing
// table.
var ChangingColumnType = &rules.Rule{
	Code: "SR111", Name: "changing-column-type",
	Aliases:  []string{"changingColumnType"},
	Category: rules.Locking, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "ALTER COLUMN ... TYPE rewrites the table",
		Why: "Most column type changes rewrite the whole table and rebuild every index on it while holding an ACCESS EXCLUSIVE " +
			"lock, so all reads and writes wait, for hours on a large table. Only binary-compatible changes that keep or " +
			"relax a limit are done in place: varchar(n) to a longer varchar or to text, numeric(p,s) to a larger precision " +
			"with the same scale, cidr to inet. Otherwise add a new column, backfill it in batches, and switch over.",
		Bad:  "ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,4);",
		Good: "ALTER TABLE orders ADD COLUMN amount_new numeric(12,4);\n-- backfill in batches, then switch the application over",
	},
	Check: checkChangingColumnType,
}

func checkChangingColumnType(p *rules.Pass) {
	a := existingAlterTable(p)
	if a == nil {
		return
	}
	a.cmds(func(k int, cmd *pg_query.AlterTableCmd) {
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AlterColumnType {
			return
		}
		def := cmd.GetDef().GetColumnDef()
		to := catalog.TypeName(def.GetTypeName())
		from := ""
		if a.table != nil {
			if c := a.table.Column(cmd.GetName()); c != nil {
				from = c.Type
			}
		}
		// A USING expression or a new collation can change stored values or
		// index order even when the types are compatible.
		if from != "" && def.GetRawDefault() == nil && def.GetCollClause() == nil && !knowledge.TypeChangeRewrites(from, to) {
			return
		}
		change := "to " + to
		if from != "" {
			change = "from " + from + " to " + to
		}
		start, end := p.Stmt.CmdRange(a.starts, k)
		p.Reportf(start, end, "changing the type of column %s of table %s %s rewrites the table and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock; add a new column, backfill it in batches, then switch over",
			rules.Quote(cmd.GetName()), a.name, change)
	})
}
