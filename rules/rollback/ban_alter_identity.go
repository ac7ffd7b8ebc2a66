package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterIdentity reports ADD / DROP IDENTITY and SET GENERATED on a column
// of an existing table.
var BanAlterIdentity = &rules.Rule{
	Code: "SR218", Name: "ban-alter-identity",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Changing whether or how a column is an identity column",
		Why: "Inserts depend on the identity setting: GENERATED ALWAYS rejects an explicit value (without OVERRIDING SYSTEM " +
			"VALUE), BY DEFAULT accepts one, and a column without identity needs a value or a default. ADD IDENTITY, DROP IDENTITY " +
			"and SET GENERATED change which of those inserts work, for the previous release too after a rollback. Off by default. " +
			"Sequence options of an identity (RESTART, INCREMENT, ...) are ban-alter-sequence-values'; tables and columns created " +
			"earlier in the same file are not reported.",
		Bad:  "ALTER TABLE orders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;",
		Good: "ALTER TABLE orders ALTER COLUMN id RESTART WITH 1000;",
	},
	Check: func(p *rules.Pass) {
		existingCmds(p, onlyTable, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, span cmdSpan) {
			var start, end int
			switch cmd.GetSubtype() {
			case pg_query.AlterTableType_AT_AddIdentity, pg_query.AlterTableType_AT_DropIdentity:
				if newColumn(p, rel, cmd.GetName()) {
					return
				}
				start, end = span()
			case pg_query.AlterTableType_AT_SetIdentity:
				if newColumn(p, rel, cmd.GetName()) {
					return
				}
				opts, ranges := identityOptions(p, cmd, span)
				k := -1
				for i, o := range opts {
					if o.GetDefname() == "generated" {
						k = i
					}
				}
				if k < 0 {
					return
				}
				start, end = ranges[k][0], ranges[k][1]
			default:
				return
			}
			p.Reportf(start, end, "changing the identity of column %s of %s changes which inserts succeed, for existing clients too; "+
				"update their inserts first", rules.Quote(cmd.GetName()), rules.RelName(rel))
		})
	},
}

// identityOptions returns the options of ALTER COLUMN ... SET GENERATED /
// SET <sequence option> / RESTART with the range of each.
func identityOptions(p *rules.Pass, cmd *pg_query.AlterTableCmd, span cmdSpan) ([]*pg_query.DefElem, [][2]int) {
	_, end := span()
	return options(p, cmd.GetDef().GetList().GetItems(), end)
}
