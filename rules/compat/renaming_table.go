package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// RenamingTable reports ALTER TABLE ... RENAME TO.
var RenamingTable = &rules.Rule{
	Code: "SR205", Name: "renaming-table",
	Aliases:  []string{"renamingTable", "BC101"},
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Renaming an existing table",
		Why: "The rename is instant, but the application version that is running while the migration deploys still uses the old name, " +
			"and every query of the table fails with `relation does not exist` until the new code is everywhere (a code rollback breaks them again). " +
			"Rename in steps: create the new name as a view over the table (simple views are updatable), move the code over, then rename and drop the view in a later release. " +
			"Tables created earlier in the same file are not reported.",
		Bad:  "ALTER TABLE users RENAME TO accounts;",
		Good: "CREATE VIEW accounts AS SELECT * FROM users;",
	},
	Check: checkRenamingTable,
}

func checkRenamingTable(p *rules.Pass) {
	rn, ok := p.Stmt.Node.GetNode().(*pg_query.Node_RenameStmt)
	if !ok {
		return
	}
	stmt := rn.RenameStmt
	if k := stmt.GetRenameType(); k != pg_query.ObjectType_OBJECT_TABLE && k != pg_query.ObjectType_OBJECT_FOREIGN_TABLE {
		return
	}
	rel := stmt.GetRelation()
	if p.IsNewTable(rel.GetSchemaname(), rel.GetRelname()) {
		return
	}
	p.Reportf(renameStart(p.Stmt), p.Stmt.End, "renaming table %s to %s breaks running application code that still uses the old name; "+
		"expose the new name as a view first and move the code over, then rename in a later release", rules.RelName(rel), rules.Quote(stmt.GetNewname()))
}
