package rollback

import (
	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterSystemOptions reports ALTER SYSTEM SET / RESET.
var BanAlterSystemOptions = &rules.Rule{
	Code: "SR224", Name: "ban-alter-system-options",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "ALTER SYSTEM changes a server setting",
		Why: "ALTER SYSTEM writes the server's configuration: after the next reload it applies to every database and every " +
			"client of the server, not only to this application. Settings such as search_path, timezone, DateStyle, " +
			"IntervalStyle, bytea_output or standard_conforming_strings change how names resolve and how values are formatted " +
			"for code that did not change, and rolling an application back does not restore them. Off by default.",
		Bad:  "ALTER SYSTEM SET timezone = 'UTC';",
		Good: "SET timezone = 'UTC';",
	},
	Check: func(p *rules.Pass) {
		as := p.Stmt.Node.GetAlterSystemStmt()
		if as == nil {
			return
		}
		start, end := tailFrom(p.Stmt, 2)
		name := as.GetSetstmt().GetName()
		if name == "" {
			name = "every setting" // RESET ALL
		}
		p.Reportf(start, end, "changing server setting %s affects every database and client on the server; check them first", name)
	},
}
