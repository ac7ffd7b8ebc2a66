package safety

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
)

// BanDuplicateColumnAssignments reports a column assigned twice in UPDATE
// or listed twice in INSERT.
var BanDuplicateColumnAssignments = &rules.Rule{
	Code: "SR903", Name: "ban-duplicate-column-assignments",
	Category: rules.Statements, Severity: rules.Error, Default: true,
	SchemaFree: true,
	Doc: rules.Doc{
		Title: "Column assigned, listed or defined twice in one statement",
		Why: "PostgreSQL rejects UPDATE ... SET a = 1, a = 2 (`multiple assignments to same column`) and INSERT INTO t (a, a) " +
			"(`column specified more than once`), so the migration fails when it reaches the statement — often after the " +
			"statements before it have run. The same holds for ON CONFLICT ... DO UPDATE SET, MERGE ... UPDATE SET and MERGE ... INSERT (a, a), " +
			"a whole-column assignment beside one to its field (SET a = ROW(1, 2), a.x = 1), a column defined twice in CREATE TABLE or CREATE FOREIGN TABLE, " +
			"and an output column named twice in CREATE VIEW, CREATE TABLE ... AS or SELECT ... INTO. Assignments to different elements or fields of one column (a[1], a[2]) are allowed " +
			"and not reported.",
		Bad:  "UPDATE users SET status = 'active', status = 'verified' WHERE id = 1;",
		Good: "UPDATE users SET status = 'verified' WHERE id = 1;\nINSERT INTO users (id, status) VALUES (1, 'new') ON CONFLICT (id) DO UPDATE SET status = 'verified';",
	},
	Check: checkDuplicateColumns,
}

// assignment is one target of SET, or one column of a list, with whether
// it assigns the whole column (no subscript or field).
type assignment struct {
	name  string
	whole bool
	loc   int32
}

func checkDuplicateColumns(p *rules.Pass) {
	n := p.Stmt.Node
	const assigned = "column %s is assigned more than once in this %s; PostgreSQL rejects the statement, so keep one assignment"
	const listed = "column %s is listed more than once in this %s; PostgreSQL rejects the statement, so list it once"
	switch {
	case n.GetUpdateStmt() != nil:
		reportDuplicates(p, targets(n.GetUpdateStmt().GetTargetList()), assigned, "UPDATE")
	case n.GetInsertStmt() != nil:
		is := n.GetInsertStmt()
		reportDuplicates(p, targets(is.GetCols()), listed, "INSERT")
		reportDuplicates(p, targets(is.GetOnConflictClause().GetTargetList()), assigned, "ON CONFLICT DO UPDATE")
	case n.GetMergeStmt() != nil:
		for _, w := range n.GetMergeStmt().GetMergeWhenClauses() {
			mw := w.GetMergeWhenClause()
			switch mw.GetCommandType() {
			case pg_query.CmdType_CMD_UPDATE:
				reportDuplicates(p, targets(mw.GetTargetList()), assigned, "MERGE ... UPDATE")
			case pg_query.CmdType_CMD_INSERT:
				reportDuplicates(p, targets(mw.GetTargetList()), listed, "MERGE ... INSERT")
			}
		}
	case n.GetCreateStmt() != nil:
		what := "CREATE TABLE"
		reportDuplicates(p, columnDefs(n.GetCreateStmt().GetTableElts()), "column %s is defined more than once in this %s; PostgreSQL rejects the statement, so define it once", what)
	case n.GetCreateForeignTableStmt() != nil:
		reportDuplicates(p, columnDefs(n.GetCreateForeignTableStmt().GetBaseStmt().GetTableElts()), "column %s is defined more than once in this %s; PostgreSQL rejects the statement, so define it once", "CREATE FOREIGN TABLE")
	case n.GetViewStmt() != nil:
		vs := n.GetViewStmt()
		if len(vs.GetAliases()) > 0 {
			reportDuplicates(p, names(vs.GetAliases(), vs.GetView().GetLocation()), listed, "CREATE VIEW")
		} else {
			reportDuplicates(p, outputColumns(vs.GetQuery().GetSelectStmt()), "output column %s is named more than once in this %s; PostgreSQL rejects the statement, so give each column its own name", "CREATE VIEW")
		}
	case n.GetSelectStmt().GetIntoClause() != nil:
		reportDuplicates(p, outputColumns(n.GetSelectStmt()), "output column %s is named more than once in this %s; PostgreSQL rejects the statement, so give each column its own name", "SELECT ... INTO")
	case n.GetCreateTableAsStmt() != nil:
		reportDuplicates(p, outputColumns(n.GetCreateTableAsStmt().GetQuery().GetSelectStmt()), "output column %s is named more than once in this %s; PostgreSQL rejects the statement, so give each column its own name", "CREATE TABLE ... AS")
	}
}

// reportDuplicates reports the second and later assignments of a column
// that PostgreSQL rejects: two whole-column assignments, or a whole one
// with one to a subscript or field (a = ROW(1, 2), a.x = 1). Assignments to
// different subscripts or fields of one column are allowed.
func reportDuplicates(p *rules.Pass, as []assignment, format, where string) {
	whole := map[string]bool{}
	partial := map[string]bool{}
	for _, a := range as {
		if a.name == "" {
			continue
		}
		if whole[a.name] || a.whole && partial[a.name] {
			report(p, a.loc, format, a.name, where)
		}
		if a.whole {
			whole[a.name] = true
		} else {
			partial[a.name] = true
		}
	}
}

// targets reads SET targets or INSERT column lists.
func targets(list []*pg_query.Node) []assignment {
	var out []assignment
	for _, t := range list {
		if rt := t.GetResTarget(); rt != nil {
			out = append(out, assignment{name: rt.GetName(), whole: len(rt.GetIndirection()) == 0, loc: rt.GetLocation()})
		}
	}
	return out
}

// columnDefs reads the column definitions of a CREATE TABLE.
func columnDefs(elts []*pg_query.Node) []assignment {
	var out []assignment
	for _, e := range elts {
		if cd := e.GetColumnDef(); cd != nil {
			out = append(out, assignment{name: cd.GetColname(), whole: true, loc: cd.GetLocation()})
		}
	}
	return out
}

// names reads a list of plain names (a view's column list); they carry no
// position of their own, so the finding goes at loc.
func names(list []*pg_query.Node, loc int32) []assignment {
	var out []assignment
	for _, n := range list {
		out = append(out, assignment{name: n.GetString_().GetSval(), whole: true, loc: loc})
	}
	return out
}

// outputColumns reads the names of a query's output columns where the
// statement says them: an alias, or a bare column reference.
func outputColumns(sel *pg_query.SelectStmt) []assignment {
	var out []assignment
	for _, t := range sel.GetTargetList() {
		rt := t.GetResTarget()
		name := rt.GetName()
		if name == "" {
			if f := rt.GetVal().GetColumnRef().GetFields(); len(f) > 0 {
				name = f[len(f)-1].GetString_().GetSval()
			}
		}
		out = append(out, assignment{name: name, whole: true, loc: rt.GetLocation()})
	}
	return out
}

// report reports at the name found at loc, or on the statement.
func report(p *rules.Pass, loc int32, format, name, where string) {
	start, end := p.Stmt.Start, p.Stmt.End
	if loc >= 0 {
		start = p.Stmt.Abs(loc)
		end = p.Stmt.NameEndOffset(start)
	}
	p.Reportf(start, end, format, rules.Quote(name), where)
}
