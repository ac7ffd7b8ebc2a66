package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// DisallowOnDeleteCascade reports foreign keys declared ON DELETE CASCADE.
var DisallowOnDeleteCascade = &rules.Rule{
	Code: "SR410", Name: "disallow-on-delete-cascade",
	Aliases: []string{
		"statement.disallow-on-del-cascade", // Bytebase rule key
		"STATEMENT_DISALLOW_ON_DEL_CASCADE", // Bytebase rule enum
	},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Foreign key with ON DELETE CASCADE",
		Why: "ON DELETE CASCADE turns one DELETE into a chain of deletes across tables, which nobody sees in the statement that starts it: " +
			"a mistaken delete of a parent row silently wipes its children (and theirs), and a large cascade locks many rows in many tables at once. " +
			"Delete children explicitly, or use ON DELETE RESTRICT / SET NULL. " +
			"Foreign keys in CREATE TABLE (column and table constraints) and in ALTER TABLE ... ADD are checked.",
		Bad:  "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers ON DELETE CASCADE);",
		Good: "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers ON DELETE RESTRICT);",
	},
	Check: checkDisallowOnDeleteCascade,
}

func checkDisallowOnDeleteCascade(p *rules.Pass) {
	switch p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt, *pg_query.Node_AlterTableStmt:
	default:
		return
	}
	inspectNode(p.Stmt.Node, func(m any) bool {
		con, ok := m.(*pg_query.Constraint)
		if !ok || con.GetContype() != pg_query.ConstrType_CONSTR_FOREIGN || con.GetFkDelAction() != "c" {
			return true
		}
		from := p.Stmt.Start
		if con.GetLocation() >= 0 {
			from = p.Stmt.Abs(con.GetLocation())
		}
		start, end, ok := wordsRange(p.Stmt, from, "ON", "DELETE", "CASCADE")
		if !ok {
			start, end = from, p.Stmt.ItemEnd(from)
		}
		p.Reportf(start, end, "foreign key to %s deletes rows of this table whenever a referenced row is deleted; delete them explicitly or use ON DELETE RESTRICT or SET NULL",
			rules.RelName(con.GetPktable()))
		return false
	})
}
