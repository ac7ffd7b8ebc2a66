package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterDatabaseOptions reports ALTER DATABASE option and configuration
// changes.
var BanAlterDatabaseOptions = &rules.Rule{
	Code: "SR214", Name: "ban-alter-database-options",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "ALTER DATABASE changes an option or a setting",
		Why: "ALTER DATABASE ... SET / RESET changes the session defaults of every new connection (search_path decides which " +
			"objects unqualified names find; timezone, DateStyle and friends change the values clients read), and CONNECTION " +
			"LIMIT, ALLOW_CONNECTIONS or IS_TEMPLATE decide whether clients can connect at all. A rollback of the application does " +
			"not undo any of it. Off by default. Renames, owner changes and SET TABLESPACE are not reported.",
		Bad:  "ALTER DATABASE app SET search_path TO public;",
		Good: "ALTER DATABASE app RENAME TO app_old;",
	},
	Check: func(p *rules.Pass) {
		switch n := p.Stmt.Node.GetNode().(type) {
		case *pg_query.Node_AlterDatabaseSetStmt:
			start, end := tailFrom(p.Stmt, p.Stmt.NameEnd(2))
			p.Reportf(start, end, "changing a setting of database %s changes the behaviour of every new connection, the previous release's "+
				"included; check its clients first", rules.Quote(n.AlterDatabaseSetStmt.GetDbname()))
		case *pg_query.Node_AlterDatabaseStmt:
			for _, o := range n.AlterDatabaseStmt.GetOptions() {
				if o.GetDefElem().GetDefname() != "tablespace" {
					start, end := tailFrom(p.Stmt, p.Stmt.NameEnd(2))
					p.Reportf(start, end, "changing the options of database %s can stop or change the connections of existing clients; "+
						"check them first", rules.Quote(n.AlterDatabaseStmt.GetDbname()))
					return
				}
			}
		}
	},
}
