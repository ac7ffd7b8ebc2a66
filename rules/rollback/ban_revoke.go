package rollback

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanRevoke reports statements that take privileges, role membership or
// ownership away: REVOKE, ALTER GROUP ... DROP USER, DROP ROLE, OWNER TO,
// REASSIGN OWNED and DROP OWNED.
var BanRevoke = &rules.Rule{
	Code: "SR241", Name: "ban-revoke",
	Category: rules.Compat, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Taking privileges, role membership or ownership away",
		Why: "REVOKE (of privileges, default privileges or role membership), ALTER GROUP ... DROP USER, DROP ROLE / USER, " +
			"changing an owner with OWNER TO or REASSIGN OWNED, and DROP OWNED can leave the role the application connects as " +
			"without a privilege its queries need: they fail with insufficient_privilege, and rolling the code back does not give " +
			"the privilege back. DROP OWNED also drops every object the role owns. Off by default. Owner changes of tables, types " +
			"and schemas created earlier in the same file are not reported.",
		Bad:  "REVOKE SELECT ON orders FROM reporting;",
		Good: "GRANT SELECT ON orders TO reporting;",
	},
	Check: checkBanRevoke,
}

func checkBanRevoke(p *rules.Pass) {
	s := p.Stmt
	switch n := s.Node.GetNode().(type) {
	case *pg_query.Node_GrantStmt:
		if !n.GrantStmt.GetIsGrant() {
			p.Reportf(s.Start, s.End, "revoking privileges can make queries of existing clients fail; move them to a role that keeps the privileges first")
		}
	case *pg_query.Node_GrantRoleStmt:
		if !n.GrantRoleStmt.GetIsGrant() {
			p.Reportf(s.Start, s.End, "revoking role membership takes away the privileges it gave existing clients; move them to a role that keeps them first")
		}
	case *pg_query.Node_AlterDefaultPrivilegesStmt:
		if !n.AlterDefaultPrivilegesStmt.GetAction().GetIsGrant() {
			p.Reportf(s.Start, s.End, "revoking default privileges leaves objects created later without privileges existing clients expect; check them first")
		}
	case *pg_query.Node_AlterRoleStmt:
		ar := n.AlterRoleStmt
		if ar.GetAction() >= 0 {
			return
		}
		for _, o := range ar.GetOptions() {
			if o.GetDefElem().GetDefname() == "rolemembers" {
				start, end := tailFrom(s, s.NameEnd(2))
				p.Reportf(start, end, "removing members from role %s takes away the privileges it gave them; move clients to a role that keeps them first", tokenText(p, 2))
				return
			}
		}
	case *pg_query.Node_DropRoleStmt:
		p.Reportf(s.Start, s.End, "dropping a role breaks every client that connects as it or relies on its privileges; move them off it first")
	case *pg_query.Node_DropOwnedStmt:
		p.Reportf(s.Start, s.End, "DROP OWNED drops the role's objects and revokes its privileges, under clients that may still use them; move them off it first")
	case *pg_query.Node_ReassignOwnedStmt:
		p.Reportf(s.Start, s.End, "reassigning owned objects takes owner privileges away from the role existing clients may use; check them first")
	case *pg_query.Node_AlterOwnerStmt:
		ao := n.AlterOwnerStmt
		if newObject(p, ao.GetObjectType(), ao.GetObject(), ao.GetRelation()) {
			return
		}
		p.Reportf(ownerStart(p), s.End, "changing the owner takes owner privileges away from the previous owner, which existing clients may connect as; check them first")
	case *pg_query.Node_AlterTableStmt:
		existingCmds(p, relationKinds, func(rel *pg_query.RangeVar, cmd *pg_query.AlterTableCmd, span cmdSpan) {
			if cmd.GetSubtype() == pg_query.AlterTableType_AT_ChangeOwner {
				start, end := span()
				p.Reportf(start, end, "changing the owner of %s takes owner privileges away from the previous owner, which existing clients may connect as; check them first", rules.RelName(rel))
			}
		})
	}
}

// ownerStart returns the offset of the last OWNER TO of the statement.
func ownerStart(p *rules.Pass) int {
	start := p.Stmt.Start
	for i, t := range p.Stmt.Tokens() {
		if p.Stmt.TokenIs(i, "OWNER") && p.Stmt.TokenIs(i+1, "TO") {
			start = t.Start
		}
	}
	return start
}
