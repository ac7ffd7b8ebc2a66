package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterRoleOptions reports ALTER ROLE / USER option and configuration
// changes.
var BanAlterRoleOptions = &rules.Rule{
	Code: "SR221", Name: "ban-alter-role-options",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "ALTER ROLE changes a role's options or settings",
		Why: "Role attributes (LOGIN, CONNECTION LIMIT, VALID UNTIL, PASSWORD, BYPASSRLS, INHERIT, ...) decide whether the " +
			"application can connect and what it may see, and ALTER ROLE ... SET / RESET changes the session defaults it gets " +
			"(search_path, timezone, statement_timeout). Every release that connects as the role is affected at once, and a code " +
			"rollback does not restore the old values. Off by default. Renames are not reported; ALTER GROUP ... DROP USER is " +
			"ban-revoke's.",
		Bad:  "ALTER ROLE app_user NOLOGIN;",
		Good: "ALTER ROLE app_user RENAME TO app_service;",
	},
	Check: func(p *rules.Pass) {
		switch n := p.Stmt.Node.GetNode().(type) {
		case *pg_query.Node_AlterRoleStmt:
			for _, o := range n.AlterRoleStmt.GetOptions() {
				if o.GetDefElem().GetDefname() == "rolemembers" {
					return // ALTER GROUP ... ADD / DROP USER
				}
			}
		case *pg_query.Node_AlterRoleSetStmt:
		default:
			return
		}
		start, end := tailFrom(p.Stmt, p.Stmt.NameEnd(2))
		p.Reportf(start, end, "changing role %s changes access or session behaviour for every client that connects as it; "+
			"check those clients first", tokenText(p, 2))
	},
}

// tokenText returns the text of token i of the statement.
func tokenText(p *rules.Pass, i int) string {
	if toks := p.Stmt.Tokens(); i < len(toks) {
		return p.File.TokenText(toks[i])
	}
	return ""
}
