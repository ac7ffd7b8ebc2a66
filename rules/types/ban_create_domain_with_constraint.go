package types

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanCreateDomainWithConstraint reports CREATE DOMAIN with a CHECK
// constraint.
var BanCreateDomainWithConstraint = &rules.Rule{
	Code: "SR608", Name: "ban-create-domain-with-constraint",
	Category: rules.Types, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "CREATE DOMAIN with a CHECK constraint",
		Why: "A domain's constraint applies to every column of the type in every table: changing it later (ALTER DOMAIN ... ADD " +
			"CONSTRAINT) validates all of them at once while blocking writes to each, and the constraint cannot be replaced per " +
			"table. A CHECK constraint on each column is added NOT VALID and validated table by table. Off by default: domains " +
			"with stable constraints are a fine design.",
		Bad:  "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');",
		Good: "CREATE TABLE users (id bigint PRIMARY KEY, email text CHECK (email LIKE '%@%'));",
	},
	Check: func(p *rules.Pass) {
		cd := p.Stmt.Node.GetCreateDomainStmt()
		if cd == nil {
			return
		}
		for _, n := range cd.GetConstraints() {
			con := n.GetConstraint()
			if con == nil || con.GetContype() != pg_query.ConstrType_CONSTR_CHECK {
				continue
			}
			start, end := p.Stmt.Start, p.Stmt.End
			if con.GetLocation() >= 0 {
				start = p.Stmt.Abs(con.GetLocation())
				end = p.Stmt.ItemEnd(start)
			}
			p.Reportf(start, end, "a CHECK constraint on a domain applies to every column of the type at once and can only be changed by validating them all under lock; put the CHECK on each column instead")
		}
	},
}
