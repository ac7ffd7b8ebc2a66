package rollback

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterRowLevelSecurity reports ENABLE / DISABLE / FORCE / NO FORCE ROW
// LEVEL SECURITY on an existing table.
var BanAlterRowLevelSecurity = &rules.Rule{
	Code: "SR222", Name: "ban-alter-row-level-security",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Turning row-level security on or off for an existing table",
		Why: "Enabling row-level security with no policy for the application's role hides every row from it; disabling it " +
			"shows rows the policies used to hide; FORCE and NO FORCE decide whether the table owner is subject to the policies. " +
			"Each changes what running code reads and may write, and a rollback of the code keeps the change. Off by default. " +
			"Tables created earlier in the same file are not reported.",
		Bad:  "ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;",
		Good: "CREATE TABLE accounts (id bigint PRIMARY KEY);\nALTER TABLE accounts ENABLE ROW LEVEL SECURITY;",
	},
	Check: func(p *rules.Pass) {
		reportCmds(p, onlyTable, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string {
			switch cmd.GetSubtype() {
			case pg_query.AlterTableType_AT_EnableRowSecurity, pg_query.AlterTableType_AT_DisableRowSecurity,
				pg_query.AlterTableType_AT_ForceRowSecurity, pg_query.AlterTableType_AT_NoForceRowSecurity:
				return fmt.Sprintf("changing row-level security of %s changes which rows existing clients can read and write; "+
					"review its policies against the roles every release connects as", rules.RelName(rel))
			}
			return ""
		})
	},
}
