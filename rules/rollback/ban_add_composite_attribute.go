package rollback

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAddCompositeAttribute reports ALTER TYPE ... ADD ATTRIBUTE on an
// existing composite type.
var BanAddCompositeAttribute = &rules.Rule{
	Code: "SR212", Name: "ban-add-composite-attribute",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Adding an attribute to an existing composite type",
		Why: "Values of a composite type reach clients as a row literal whose fields are matched by position; one more attribute " +
			"changes that shape, and code that builds or parses such values (the previous release included, after a rollback) " +
			"gets a field it does not expect or fails to build a valid value. Off by default. Types created earlier in the same " +
			"file are not reported.",
		Bad:  "ALTER TYPE address ADD ATTRIBUTE street text;",
		Good: "CREATE TYPE address AS (city text);\nALTER TYPE address ADD ATTRIBUTE street text;",
	},
	Check: func(p *rules.Pass) {
		reportCmds(p, []pg_query.ObjectType{pg_query.ObjectType_OBJECT_TYPE}, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string {
			if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddColumn {
				return ""
			}
			return fmt.Sprintf("adding attribute %s to type %s changes the shape of its values for every client; "+
				"update the code that reads and builds them first", rules.Quote(cmd.GetDef().GetColumnDef().GetColname()), rules.RelName(rel))
		})
	},
}
