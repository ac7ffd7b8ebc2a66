package compat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDropColumn reports ALTER TABLE ... DROP COLUMN on an existing table.
var BanDropColumn = &rules.Rule{
	Code: "SR201", Name: "ban-drop-column",
	Aliases:  []string{"banDropColumn", "DS103"},
	Category: rules.Compat, Severity: rules.Error, Default: true,
	Doc: rules.Doc{
		Title: "Dropping a column of an existing table",
		Why: "The application version that is running while the migration deploys still selects, inserts or updates the column, " +
			"and those queries fail with `column does not exist` the moment the drop commits (ORMs that list every column fail on every query of the table). " +
			"The data is gone too: a rollback of the code cannot bring it back. " +
			"Stop reading and writing the column in one release, then drop it in a later migration. " +
			"Columns of tables created earlier in the same file, columns added earlier in the same file, and DROP COLUMN IF EXISTS of a column the replayed schema does not have are not reported.",
		Bad:  "ALTER TABLE users DROP COLUMN legacy_flag;",
		Good: "-- release 1: the application stops using users.legacy_flag\n-- release 2, once no running code reads it:\n-- sqlreview:ignore ban-drop-column -- unused since release 1\nALTER TABLE users DROP COLUMN legacy_flag;",
	},
	Check: checkBanDropColumn,
}

func checkBanDropColumn(p *rules.Pass) {
	at, ok := p.Stmt.Node.GetNode().(*pg_query.Node_AlterTableStmt)
	if !ok {
		return
	}
	stmt := at.AlterTableStmt
	if stmt.GetObjtype() != pg_query.ObjectType_OBJECT_TABLE && stmt.GetObjtype() != pg_query.ObjectType_OBJECT_FOREIGN_TABLE {
		return
	}
	rel := stmt.GetRelation()
	schema, table := rel.GetSchemaname(), rel.GetRelname()
	if p.IsNewTable(schema, table) {
		return
	}
	t := p.Catalog.Table(schema, table)
	for _, c := range p.AlterCmds(pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE) {
		cmd := c.Cmd
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_DropColumn {
			continue
		}
		if t != nil {
			col := t.Column(cmd.GetName())
			if col != nil && col.Created.File == p.File.Path {
				continue // added by this migration: no running code uses it yet
			}
			if col == nil && cmd.GetMissingOk() && !t.ColumnsUnknown {
				continue // DROP COLUMN IF EXISTS of a column the table never had: a no-op
			}
		}
		start, end := c.Range()
		p.Reportf(start, end, "dropping column %s of table %s breaks running application code that still reads or writes it and destroys its data; "+
			"release code that no longer uses the column first, then drop it in a later migration", rules.Quote(cmd.GetName()), rules.RelName(rel))
	}
}
