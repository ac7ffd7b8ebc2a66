package statements

import (
	"github.com/sqlreview/sqlreview/rules"
)

// InsertMustSpecifyColumn reports INSERT without a column list.
var InsertMustSpecifyColumn = &rules.Rule{
	Code: "SR406", Name: "insert-must-specify-column",
	Aliases: []string{
		"statement.insert.must-specify-column", // Bytebase rule key
		"STATEMENT_INSERT_MUST_SPECIFY_COLUMN", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "INSERT without a column list",
		Why: "Without a column list, INSERT assigns the values to the table's columns in their current order: the statement breaks, or worse silently puts values in the wrong columns, " +
			"as soon as a column is added, dropped or the table is recreated in another order (a replica or a dump restored elsewhere). " +
			"Name the columns. INSERT ... DEFAULT VALUES needs no list and is not reported.",
		Bad:  "INSERT INTO plans VALUES (1, 'free', 0);",
		Good: "INSERT INTO plans (id, name, price) VALUES (1, 'free', 0);",
	},
	Check: checkInsertMustSpecifyColumn,
}

func checkInsertMustSpecifyColumn(p *rules.Pass) {
	ins := p.Stmt.Node.GetInsertStmt()
	if ins == nil || len(ins.GetCols()) > 0 || ins.GetSelectStmt() == nil {
		return
	}
	rel := ins.GetRelation()
	start, end := nameRange(p.Stmt, rel.GetLocation())
	start = p.Stmt.WordBefore(start, "INSERT", "INTO")
	p.Reportf(start, end, "INSERT INTO %s has no column list, so its values depend on the table's column order; name the columns", rules.RelName(rel))
}
