package rollback

import (
	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterPolicyRoles reports ALTER POLICY ... TO roles.
var BanAlterPolicyRoles = &rules.Rule{
	Code: "SR220", Name: "ban-alter-policy-roles",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "ALTER POLICY changes the roles a policy applies to",
		Why: "ALTER POLICY ... TO replaces the list of roles the policy applies to: roles dropped from it lose the rows it " +
			"granted (permissive policies) or escape its restriction (restrictive ones), roles added gain or lose access. The " +
			"application's database role sees the difference at once, and a rollback of the code keeps it. Off by default. " +
			"Renames and condition-only changes are not reported here; policies on tables created earlier in the same file are " +
			"not reported.",
		Bad:  "ALTER POLICY owner_only ON accounts TO app_user;",
		Good: "ALTER POLICY owner_only ON accounts RENAME TO accounts_owner_only;",
	},
	Check: func(p *rules.Pass) {
		ap := p.Stmt.Node.GetAlterPolicyStmt()
		if ap == nil || len(ap.GetRoles()) == 0 {
			return
		}
		rel := ap.GetTable()
		if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
			return
		}
		roles := ap.GetRoles()
		first := p.Stmt.Abs(roles[0].GetRoleSpec().GetLocation())
		last := p.Stmt.Abs(roles[len(roles)-1].GetRoleSpec().GetLocation())
		end := p.Stmt.End
		if i := p.Stmt.TokenIndex(last); i >= 0 {
			end = p.Stmt.Tokens()[i].End
		}
		p.Reportf(p.Stmt.WordBefore(first, "TO"), end, "changing the roles of policy %s on %s changes which rows the application's role can read and write; "+
			"review the roles every release connects as", rules.Quote(ap.GetPolicyName()), rules.RelName(rel))
	},
}
