package rollback

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterViewOptions reports ALTER VIEW ... SET / RESET (options) on an
// existing view.
var BanAlterViewOptions = &rules.Rule{
	Code: "SR225", Name: "ban-alter-view-options",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "ALTER VIEW changes a view's options",
		Why: "security_invoker decides whose privileges and row-level security policies apply to the tables under the view: " +
			"turning it on can give clients that could query the view permission errors or fewer rows. security_barrier changes " +
			"when the view's conditions run relative to the caller's functions, which affects what may leak and how fast queries " +
			"are. check_option makes writes through the view that used to succeed fail. The previous release, after a rollback, " +
			"gets the new options. Off by default. Renames and column defaults are not reported; views created earlier in the same " +
			"file are not reported.",
		Bad:  "ALTER VIEW active_accounts SET (security_invoker = true);",
		Good: "ALTER VIEW active_accounts RENAME TO live_accounts;",
	},
	Check: func(p *rules.Pass) {
		reportCmds(p, []pg_query.ObjectType{pg_query.ObjectType_OBJECT_VIEW}, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd) string {
			if st := cmd.GetSubtype(); st == pg_query.AlterTableType_AT_SetRelOptions || st == pg_query.AlterTableType_AT_ResetRelOptions {
				return fmt.Sprintf("changing the options of view %s changes access, row visibility or writes for existing clients; "+
					"check the privileges, policies and queries of every release that uses it", rules.RelName(rel))
			}
			return ""
		})
	},
}
