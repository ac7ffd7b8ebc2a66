package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterFunctionOptions reports ALTER FUNCTION / PROCEDURE / ROUTINE
// option changes.
var BanAlterFunctionOptions = &rules.Rule{
	Code: "SR216", Name: "ban-alter-function-options",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "ALTER FUNCTION, PROCEDURE or ROUTINE changes an option",
		Why: "Options such as SECURITY DEFINER / INVOKER, LEAKPROOF, volatility, STRICT, PARALLEL and SET / RESET of a setting " +
			"(search_path above all) change whose privileges a call runs with, which objects it finds and what it returns, under " +
			"callers that did not change; rolling the application back leaves the new options in place. Off by default. Renames, " +
			"owner changes and SET SCHEMA are not reported here.",
		Bad:  "ALTER FUNCTION f() SECURITY DEFINER;",
		Good: "ALTER FUNCTION f() RENAME TO g;",
	},
	Check: func(p *rules.Pass) {
		af := p.Stmt.Node.GetAlterFunctionStmt()
		if af == nil || len(af.GetActions()) == 0 {
			return
		}
		_, name := qualName(af.GetFunc().GetObjname())
		start, end := tailFrom(p.Stmt, afterName(p.Stmt, 2))
		p.Reportf(start, end, "changing the options of %s %s changes how existing callers' calls run; review every caller first",
			lowerKind(af.GetObjtype()), rules.Quote(name))
	},
}

// lowerKind names a routine kind for messages.
func lowerKind(k pg_query.ObjectType) string {
	switch k {
	case pg_query.ObjectType_OBJECT_PROCEDURE:
		return "procedure"
	case pg_query.ObjectType_OBJECT_ROUTINE:
		return "routine"
	}
	return "function"
}
