package safety

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// AddingUniqueOnExistingData reports unique indexes and constraints added
// to tables that already hold data.
var AddingUniqueOnExistingData = &rules.Rule{
	Code: "SR904", Name: "adding-unique-on-existing-data",
	Aliases: []string{
		"MF101", // Atlas: add unique index to existing column
		"MF102", // Atlas: modifying non-unique index to unique
	},
	Category: rules.Schema, Severity: rules.Info, Default: false,
	Doc: rules.Doc{
		Title: "Unique index or constraint added to a table with existing rows",
		Why: "A unique index, UNIQUE constraint or PRIMARY KEY on existing columns fails if the rows already hold duplicates " +
			"(or NULLs, for a primary key), and a failed CREATE UNIQUE INDEX CONCURRENTLY leaves an invalid index behind that " +
			"still slows writes. Whether it succeeds depends on production data the migration cannot see: check for " +
			"duplicates first (SELECT cols, count(*) ... GROUP BY cols HAVING count(*) > 1). Tables created earlier in the same " +
			"file are not reported. Off by default: informational. The lock taken is other rules' concern.",
		Bad:  "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);",
		Good: "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
	},
	Check: func(p *rules.Pass) {
		n := p.Stmt.Node
		if ix := n.GetIndexStmt(); ix != nil {
			rv := ix.GetRelation()
			if !ix.GetUnique() || rv == nil || p.IsNewTable(rv.GetSchemaname(), rv.GetRelname()) {
				return
			}
			p.Reportf(p.Stmt.Start, p.Stmt.End, "creating unique index on existing table %s fails if its rows already hold duplicates; check the data first", rules.RelName(rv))
			return
		}
		at := n.GetAlterTableStmt()
		if at == nil || at.GetRelation() == nil || p.IsNewTable(at.GetRelation().GetSchemaname(), at.GetRelation().GetRelname()) {
			return
		}
		for _, c := range p.AlterCmds(pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE) {
			cmd := c.Cmd
			con := cmd.GetDef().GetConstraint()
			if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddConstraint || con == nil || con.GetIndexname() != "" {
				continue
			}
			kind := ""
			switch con.GetContype() {
			case pg_query.ConstrType_CONSTR_UNIQUE:
				kind = "UNIQUE constraint"
			case pg_query.ConstrType_CONSTR_PRIMARY:
				kind = "primary key"
			default:
				continue
			}
			start, end := c.Range()
			p.Reportf(start, end, "adding a %s to existing table %s fails if its rows already hold duplicates; check the data first", kind, rules.RelName(at.GetRelation()))
		}
	},
}
