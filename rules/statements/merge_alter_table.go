package statements

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// MergeAlterTable reports a table created in the file and then altered by
// further statements of the same file.
var MergeAlterTable = &rules.Rule{
	Code: "SR409", Name: "merge-alter-table",
	Aliases: []string{
		"statement.merge-alter-table", // Bytebase rule key
		"STATEMENT_MERGE_ALTER_TABLE", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Table created and then altered in the same file",
		Why: "A table created in a migration and altered again further down the same file is harder to review than one CREATE TABLE that says what the table is: " +
			"fold the changes into the CREATE TABLE (or into one ALTER TABLE with several actions). " +
			"As in Bytebase, the statements counted are the CREATE TABLE and the ALTER TABLEs of tables created in the file; the finding sits on the last of them and gives the count.",
		Bad:  "CREATE TABLE notes (id bigint PRIMARY KEY);\nALTER TABLE notes ADD COLUMN body text;",
		Good: "CREATE TABLE notes (id bigint PRIMARY KEY, body text);",
	},
	AtEnd: checkMergeAlterTable,
}

func checkMergeAlterTable(p *rules.Pass) {
	type entry struct {
		name  string
		count int
		last  *pg_query.RangeVar
		stmt  int
	}
	var order []string
	tables := map[string]*entry{}
	for _, s := range p.File.Statements {
		if s.Node == nil {
			continue
		}
		switch {
		case s.Node.GetCreateStmt() != nil:
			rv := s.Node.GetCreateStmt().GetRelation()
			k := relKey(rv)
			if tables[k] == nil {
				order = append(order, k)
			}
			tables[k] = &entry{name: rules.RelName(rv), count: 1, last: rv, stmt: s.Index}
		case s.Node.GetAlterTableStmt() != nil && s.Node.GetAlterTableStmt().GetObjtype() == pg_query.ObjectType_OBJECT_TABLE:
			rv := s.Node.GetAlterTableStmt().GetRelation()
			if e := tables[relKey(rv)]; e != nil {
				e.count++
				e.last, e.stmt = rv, s.Index
			}
		}
	}
	for _, k := range order {
		e := tables[k]
		if e.count < 2 {
			continue
		}
		s := p.File.Statements[e.stmt]
		start, end := nameRange(s, e.last.GetLocation())
		start = s.WordBefore(start, "ALTER", "TABLE", "IF", "EXISTS", "ONLY")
		p.Reportf(start, end, "table %s is created and changed by %d statements in this file; fold the changes into its CREATE TABLE", e.name, e.count)
	}
}
