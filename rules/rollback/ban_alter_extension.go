package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterExtension reports ALTER EXTENSION ... UPDATE and ... DROP.
var BanAlterExtension = &rules.Rule{
	Code: "SR215", Name: "ban-alter-extension",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "ALTER EXTENSION ... UPDATE or DROP",
		Why: "UPDATE runs the extension's upgrade scripts, which may remove functions, change their signatures or change what " +
			"they return, under code that still calls them the old way; downgrading is rarely possible, so rolling the application " +
			"back does not help. DROP <object> takes an object out of the extension, so later updates and DROP EXTENSION no longer " +
			"manage it. Off by default. ALTER EXTENSION ... ADD is not reported; SET SCHEMA is ban-set-schema's.",
		Bad:  "ALTER EXTENSION postgis UPDATE TO '3.4.0';",
		Good: "ALTER EXTENSION postgis ADD FUNCTION legacy_fn();",
	},
	Check: func(p *rules.Pass) {
		var msg, ext string
		switch n := p.Stmt.Node.GetNode().(type) {
		case *pg_query.Node_AlterExtensionStmt:
			ext = n.AlterExtensionStmt.GetExtname()
			msg = "updating extension %s runs its upgrade scripts, which can remove or change functions existing clients call; read its upgrade notes and update the clients first"
		case *pg_query.Node_AlterExtensionContentsStmt:
			if n.AlterExtensionContentsStmt.GetAction() >= 0 {
				return
			}
			ext = n.AlterExtensionContentsStmt.GetExtname()
			msg = "dropping an object from extension %s leaves it unmanaged by later extension updates; make sure no client depends on the extension keeping it"
		default:
			return
		}
		start, end := tailFrom(p.Stmt, p.Stmt.NameEnd(2))
		p.Reportf(start, end, msg, rules.Quote(ext))
	},
}
