package naming

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// Column checks the names of new and renamed columns.
var Column = &rules.Rule{
	Code: "SR702", Name: "column-naming-convention",
	Aliases:  []string{"naming.column", "NAMING_COLUMN"},
	Category: rules.Naming, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Column name does not follow the naming convention",
		Why: "Consistent column names spare every query from quoting mixed-case identifiers and keep generated code tidy. " +
			"Columns of CREATE TABLE, ALTER TABLE ... ADD COLUMN and RENAME COLUMN are checked against `format` (a regular " +
			"expression, default `^[a-z]+(_[a-z]+)*$`) and `maxLength` (default 64).",
		Bad:  `CREATE TABLE users (id bigint PRIMARY KEY, "createdAt" timestamptz);`,
		Good: "CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz);",
	},
	Settings: map[string]any{"format": `^[a-z]+(_[a-z]+)*$`, "maxLength": defaultMaxLength},
	Check:    checkColumn,
}

func checkColumn(p *rules.Pass) {
	s := p.Stmt
	col := func(rel *pg_query.RangeVar, cd *pg_query.ColumnDef) {
		start, end := s.Start, s.End
		if cd.GetLocation() >= 0 {
			start = s.Abs(cd.GetLocation())
			end = s.NameEndOffset(start)
		}
		checkName(p, cd.GetColname(), "column", " of table "+rules.RelName(rel), nil, start, end)
	}
	switch v := s.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		for _, el := range v.CreateStmt.GetTableElts() {
			if cd := el.GetColumnDef(); cd != nil {
				col(v.CreateStmt.GetRelation(), cd)
			}
		}
	case *pg_query.Node_AlterTableStmt:
		for _, c := range p.AlterCmds() {
			if cd := c.Cmd.GetDef().GetColumnDef(); cd != nil && c.Cmd.GetSubtype() == pg_query.AlterTableType_AT_AddColumn {
				col(c.Rel, cd)
			}
		}
	case *pg_query.Node_RenameStmt:
		rs := v.RenameStmt
		if rs.GetRenameType() != pg_query.ObjectType_OBJECT_COLUMN || rs.GetRelationType() != pg_query.ObjectType_OBJECT_TABLE {
			return
		}
		start, end := lastToken(s)
		checkName(p, rs.GetNewname(), "column", " of table "+rules.RelName(rs.GetRelation()), nil, start, end)
	}
}
