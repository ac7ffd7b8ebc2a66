package rollback

import (
	"github.com/sqlreview/sqlreview/rules"
)

// BanCreatePolicy reports CREATE POLICY on an existing table.
var BanCreatePolicy = &rules.Rule{
	Code: "SR226", Name: "ban-create-policy",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Creating a row-level security policy on an existing table",
		Why: "On a table with row-level security enabled, a new permissive policy shows its roles more rows and a new " +
			"restrictive one hides rows or rejects writes, under code that did not change; the policy stays after a rollback " +
			"of the application. Off by default. Policies on tables created earlier in the same file are not reported.",
		Bad:  "CREATE POLICY owner_only ON accounts TO app_user USING (owner_id = current_user_id());",
		Good: "CREATE TABLE accounts (id bigint PRIMARY KEY, owner_id bigint);\nCREATE POLICY owner_only ON accounts USING (owner_id = current_user_id());",
	},
	Check: func(p *rules.Pass) {
		cp := p.Stmt.Node.GetCreatePolicyStmt()
		if cp == nil {
			return
		}
		rel := cp.GetTable()
		if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
			return
		}
		p.Reportf(p.Stmt.Start, p.Stmt.End, "creating policy %s on %s can change which rows existing clients read and write; "+
			"review its command, roles and conditions against every release that may run", rules.Quote(cp.GetPolicyName()), rules.RelName(rel))
	},
}
