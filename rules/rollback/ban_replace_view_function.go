package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanReplaceViewFunction reports CREATE OR REPLACE VIEW / FUNCTION /
// PROCEDURE.
var BanReplaceViewFunction = &rules.Rule{
	Code: "SR239", Name: "ban-replace-view-function",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "CREATE OR REPLACE of a view, function or procedure",
		Why: "Replacing a view's query or a function's body changes the rows, values and side effects that code gets from " +
			"the same SQL it always ran; nothing in the client changes, so nothing fails loudly, and the previous release gets the " +
			"new definition after a rollback. Off by default: replacing a definition is often the point of the migration. Views " +
			"created earlier in the same file are not reported.",
		Bad:  "CREATE OR REPLACE VIEW active_accounts AS SELECT 1 AS id;",
		Good: "CREATE VIEW active_accounts_v2 AS SELECT 1 AS id;",
	},
	Check: func(p *rules.Pass) {
		switch n := p.Stmt.Node.GetNode().(type) {
		case *pg_query.Node_ViewStmt:
			v := n.ViewStmt
			rel := v.GetView()
			if !v.GetReplace() || p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
				return
			}
			p.Reportf(p.Stmt.Start, p.Stmt.NameEndOffset(p.Stmt.Abs(rel.GetLocation())), "replacing view %s changes what existing clients "+
				"read from it; deploy clients that work with the new definition first", rules.RelName(rel))
		case *pg_query.Node_CreateFunctionStmt:
			f := n.CreateFunctionStmt
			if !f.GetReplace() {
				return
			}
			kind := "function"
			if f.GetIsProcedure() {
				kind = "procedure"
			}
			end := p.Stmt.End
			if i := p.Stmt.WordIndex("OR", 0); i >= 0 && i+3 < len(p.Stmt.Tokens()) {
				end = p.Stmt.NameEndOffset(p.Stmt.Tokens()[i+3].Start) // CREATE OR REPLACE FUNCTION name
			}
			schema, name := qualName(f.GetFuncname())
			p.Reportf(p.Stmt.Start, end, "replacing %s %s changes what existing callers get from it; deploy callers that work "+
				"with the new definition first", kind, rules.Qualified(schema, name))
		}
	},
}
