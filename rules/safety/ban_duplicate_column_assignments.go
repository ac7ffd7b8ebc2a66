package safety

import (
	"github.com/sqlreview/sqlreview/rules"
)

// BanDuplicateColumnAssignments reports a column assigned twice in UPDATE
// or listed twice in INSERT.
var BanDuplicateColumnAssignments = &rules.Rule{
	Code: "SR903", Name: "ban-duplicate-column-assignments",
	Aliases:  []string{"banDuplicateColumnAssignments"},
	Category: rules.Statements, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Column assigned twice in UPDATE or listed twice in INSERT",
		Why: "PostgreSQL rejects UPDATE ... SET a = 1, a = 2 (`multiple assignments to same column`) and INSERT INTO t (a, a) " +
			"(`column specified more than once`), so the migration fails when it reaches the statement — often after the " +
			"statements before it have run. Assignments to different elements or fields of one column (a[1], a[2]) are allowed " +
			"and not reported.",
		Bad:  "UPDATE users SET status = 'active', status = 'verified' WHERE id = 1;",
		Good: "UPDATE users SET status = 'verified' WHERE id = 1;",
	},
	Check: func(p *rules.Pass) {
		n := p.Stmt.Node
		if us := n.GetUpdateStmt(); us != nil {
			seen := map[string]bool{}
			for _, t := range us.GetTargetList() {
				rt := t.GetResTarget()
				if rt == nil || len(rt.GetIndirection()) > 0 {
					continue
				}
				if seen[rt.GetName()] {
					report(p, rt.GetLocation(), "column %s is assigned more than once in this UPDATE; PostgreSQL rejects the statement, so keep one assignment", rt.GetName())
				}
				seen[rt.GetName()] = true
			}
		}
		if is := n.GetInsertStmt(); is != nil {
			seen := map[string]bool{}
			for _, t := range is.GetCols() {
				rt := t.GetResTarget()
				if rt == nil || len(rt.GetIndirection()) > 0 {
					continue
				}
				if seen[rt.GetName()] {
					report(p, rt.GetLocation(), "column %s is listed more than once in this INSERT; PostgreSQL rejects the statement, so list it once", rt.GetName())
				}
				seen[rt.GetName()] = true
			}
		}
	},
}

// report reports at the name found at loc, or on the statement.
func report(p *rules.Pass, loc int32, format, name string) {
	start, end := p.Stmt.Start, p.Stmt.End
	if loc >= 0 {
		start = p.Stmt.Abs(loc)
		end = p.Stmt.NameEndOffset(start)
	}
	p.Reportf(start, end, format, rules.Quote(name))
}
