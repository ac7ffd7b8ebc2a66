package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// RenamingColumn reports ALTER TABLE ... RENAME COLUMN.
var RenamingColumn = &rules.Rule{
	Code: "SR204", Name: "renaming-column",
	Aliases:  []string{"renamingColumn", "BC102"},
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Renaming a column of an existing table",
		Why: "The rename is instant, but the application version that is running while the migration deploys still uses the old name, " +
			"and its queries fail with `column does not exist` until the new code is everywhere (a code rollback breaks them again). " +
			"Add the new column, write both and backfill, move readers over, then drop the old column in a later release. " +
			"Tables and columns created earlier in the same file are not reported.",
		Bad:  "ALTER TABLE users RENAME COLUMN email TO email_address;",
		Good: "ALTER TABLE users ADD COLUMN email_address text;",
	},
	Check: checkRenamingColumn,
}

func checkRenamingColumn(p *rules.Pass) {
	rn, ok := p.Stmt.Node.GetNode().(*pg_query.Node_RenameStmt)
	if !ok || rn.RenameStmt.GetRenameType() != pg_query.ObjectType_OBJECT_COLUMN {
		return
	}
	stmt := rn.RenameStmt
	rel := stmt.GetRelation()
	schema, table := rel.GetSchemaname(), rel.GetRelname()
	if p.IsNewTable(schema, table) {
		return
	}
	if t := p.Catalog.Table(schema, table); t != nil {
		if col := t.Column(stmt.GetSubname()); col != nil && col.Created.File == p.File.Path {
			return
		}
	}
	start := renameStart(p.Stmt)
	p.Reportf(start, p.Stmt.End, "renaming column %s of table %s to %s breaks running application code that still uses the old name; "+
		"add the new column and migrate readers and writers first, then drop the old column in a later release",
		rules.Quote(stmt.GetSubname()), rules.RelName(rel), rules.Quote(stmt.GetNewname()))
}

// renameStart returns the offset of the RENAME keyword, or the statement
// start.
func renameStart(s *source.Statement) int {
	for i, t := range s.Tokens() {
		if s.TokenIs(i, "RENAME") {
			return t.Start
		}
	}
	return s.Start
}
