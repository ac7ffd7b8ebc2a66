package naming

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// Table checks the names of new and renamed tables.
var Table = &rules.Rule{
	Code: "SR701", Name: "table-naming-convention",
	Aliases:  []string{"naming.table", "NAMING_TABLE"},
	Category: rules.Naming, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Table name does not follow the naming convention",
		Why: "Consistent table names make a schema readable and queries predictable: mixed case forces every query to quote " +
			"the name, and tools that generate code from the schema produce odd identifiers. CREATE TABLE (including CREATE TABLE AS) " +
			"and ALTER TABLE ... RENAME TO are checked against `format` (a regular expression, default `^[a-z]+(_[a-z]+)*$`) " +
			"and `maxLength` (default 64). Unquoted names are checked as PostgreSQL folds them, in lower case.",
		Bad:  `CREATE TABLE "UserAccounts" (id bigint PRIMARY KEY);`,
		Good: "CREATE TABLE user_accounts (id bigint PRIMARY KEY);",
	},
	Settings: map[string]any{"format": `^[a-z]+(_[a-z]+)*$`, "maxLength": defaultMaxLength},
	Check:    checkTable,
}

func checkTable(p *rules.Pass) {
	s := p.Stmt
	switch v := s.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		rel := v.CreateStmt.GetRelation()
		start, end := nameRange(s, rel)
		checkName(p, rel.GetRelname(), "table", "", nil, start, end)
	case *pg_query.Node_CreateTableAsStmt:
		if v.CreateTableAsStmt.GetObjtype() != pg_query.ObjectType_OBJECT_TABLE {
			return
		}
		rel := v.CreateTableAsStmt.GetInto().GetRel()
		start, end := nameRange(s, rel)
		checkName(p, rel.GetRelname(), "table", "", nil, start, end)
	case *pg_query.Node_RenameStmt:
		rs := v.RenameStmt
		if rs.GetRenameType() != pg_query.ObjectType_OBJECT_TABLE {
			return
		}
		start, end := lastToken(s)
		checkName(p, rs.GetNewname(), "table", "", nil, start, end)
	}
}
