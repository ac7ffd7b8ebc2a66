package locking

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanAlterDomainWithAddConstraint reports ALTER DOMAIN ... ADD CONSTRAINT
// without NOT VALID on a domain that existed before the file.
var BanAlterDomainWithAddConstraint = &rules.Rule{
	Code: "SR112", Name: "ban-alter-domain-with-add-constraint",
	Category: rules.Locking, Severity: rules.Error, Default: true, Fix: rules.FixSometimes,
	Doc: rules.Doc{
		Title: "ALTER DOMAIN ... ADD CONSTRAINT validates every column of the domain under lock",
		Why: "Adding a constraint to a domain checks every value of every column of that type, in every table, while holding a " +
			"SHARE lock on each table, so writes to all of them wait for the scans. Add it NOT VALID (only new values are checked) " +
			"and run ALTER DOMAIN ... VALIDATE CONSTRAINT later, which does not block writes. Domains created earlier in the same " +
			"file are not reported.",
		Bad:       "ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');",
		Good:      "ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%') NOT VALID;",
		FixSafety: "Appends NOT VALID. Marked unsafe: existing values stay unchecked until VALIDATE CONSTRAINT runs.",
	},
	Check: checkBanAlterDomainWithAddConstraint,
}

func checkBanAlterDomainWithAddConstraint(p *rules.Pass) {
	ad := p.Stmt.Node.GetAlterDomainStmt()
	if ad == nil || ad.GetSubtype() != "C" {
		return
	}
	con := ad.GetDef().GetConstraint()
	if con == nil || con.GetSkipValidation() {
		return
	}
	var parts []string
	for _, n := range ad.GetTypeName() {
		parts = append(parts, n.GetString_().GetSval())
	}
	if len(parts) == 0 {
		return
	}
	schema, name := "", parts[len(parts)-1]
	if len(parts) > 1 {
		schema = parts[len(parts)-2]
	}
	if t := p.Catalog.Type(schema, name); t != nil && t.Created.File == p.File.Path {
		return
	}
	start, end := p.Stmt.Start, p.Stmt.End
	if con.GetLocation() >= 0 {
		loc := p.Stmt.Abs(con.GetLocation())
		start, end = p.Stmt.WordBefore(loc, "ADD"), p.Stmt.ItemEnd(loc)
	}
	d := rules.Diagnostic{Start: start, End: end,
		Message: "adding a constraint to domain " + rules.Qualified(schema, name) + " checks every column of that type while blocking writes to their tables; add it NOT VALID and VALIDATE CONSTRAINT in a later migration"}
	if con.GetContype() == pg_query.ConstrType_CONSTR_CHECK {
		d.Fix = &rules.Fix{Title: "Add the constraint NOT VALID", Edits: []rules.Edit{{Start: end, End: end, NewText: " NOT VALID"}}}
	}
	p.Report(d)
}
