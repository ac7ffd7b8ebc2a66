package statements

import (
	"github.com/sqlreview/sqlreview/rules"
)

// NoSelectStar reports SELECT * (and t.*) in queries.
var NoSelectStar = &rules.Rule{
	Code: "SR402", Name: "no-select-star",
	Aliases: []string{
		"statement.select.no-select-all", // Bytebase rule key
		"STATEMENT_SELECT_NO_SELECT_ALL", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "SELECT * in a query",
		Why: "SELECT * returns whatever columns the table has when the statement runs: adding, dropping or reordering a column silently changes what " +
			"INSERT ... SELECT *, CREATE VIEW and CREATE TABLE AS produce (a view even freezes the column list of the day it was created), " +
			"and queries read and send columns nobody uses. List the columns the statement needs. " +
			"Every SELECT of a query statement is checked — sub-queries, CTEs and the arms of UNION included — except the sub-query of EXISTS, whose select list PostgreSQL ignores.",
		Bad:  "INSERT INTO archived_orders SELECT * FROM orders WHERE created_at < now() - interval '1 year';",
		Good: "INSERT INTO archived_orders (id, total) SELECT id, total FROM orders WHERE created_at < now() - interval '1 year';",
	},
	Check: checkNoSelectStar,
}

func checkNoSelectStar(p *rules.Pass) {
	if !isQuery(p.Stmt.Node) {
		return
	}
	for _, ls := range stmtLeafSelects(p) {
		if ls.inExists {
			continue
		}
		for _, t := range ls.sel.GetTargetList() {
			cr := t.GetResTarget().GetVal().GetColumnRef()
			fields := cr.GetFields()
			if len(fields) == 0 || fields[len(fields)-1].GetAStar() == nil {
				continue
			}
			start := p.Stmt.Abs(cr.GetLocation())
			end := p.Stmt.NameEndOffset(start)
			what := "SELECT *"
			if len(fields) > 1 {
				what = "SELECT " + p.File.Text[start:end]
			}
			p.Reportf(start, end, "%s returns every column, whatever the table holds when the statement runs; list the columns the query needs", what)
			break // one finding per SELECT, as Bytebase
		}
	}
}
