package statements

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
)

// WhereDisallowFunctions reports functions and calculations applied to an
// indexed column in WHERE, JOIN ... ON and similar filters.
var WhereDisallowFunctions = &rules.Rule{
	Code: "SR416", Name: "where-disallow-functions-on-indexed-columns",
	Aliases: []string{
		"statement.where.disallow-functions-and-calculations", // Bytebase rule key
		"STATEMENT_WHERE_DISALLOW_FUNCTIONS_AND_CALCULATIONS", // Bytebase rule enum
	},
	Category: rules.Statements, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Function or calculation applied to an indexed column in a filter",
		Why: "An index on a column serves conditions on the column itself; wrapped in a function (UPPER(name) = 'X') or a calculation (id + 1 > 5) the condition no longer matches the index, " +
			"and PostgreSQL reads the whole table. Compare the bare column (id > 4), or create an expression index for the expression you filter on. " +
			"Filters of queries are checked — WHERE, JOIN ... ON, MERGE ... ON and WHEN, ON CONFLICT ... WHERE — in every sub-query and CTE; " +
			"a column counts as indexed when an index of the schema (replayed or live) has it as a key column, resolved through table aliases, CTE shadowing and correlated sub-queries as Bytebase does. " +
			"Tables the catalog does not know are never reported.",
		Bad:  "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nSELECT id FROM users WHERE id + 1 = 10;",
		Good: "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nSELECT id FROM users WHERE id = 9;",
	},
	Check: checkWhereDisallowFunctions,
}

func checkWhereDisallowFunctions(p *rules.Pass) {
	if !isQuery(p.Stmt.Node) {
		return
	}
	w := &whereFuncs{p: p}
	if !w.namesIndexedTable() {
		return
	}
	switch n := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		w.checkSelect(n.SelectStmt, nil)
	case *pg_query.Node_InsertStmt:
		w.onInsert(n.InsertStmt)
	case *pg_query.Node_UpdateStmt:
		w.onUpdate(n.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		w.onDelete(n.DeleteStmt)
	case *pg_query.Node_ViewStmt:
		w.checkSelect(n.ViewStmt.GetQuery().GetSelectStmt(), nil)
	case *pg_query.Node_CreateTableAsStmt:
		w.checkSelect(n.CreateTableAsStmt.GetQuery().GetSelectStmt(), nil)
	case *pg_query.Node_MergeStmt:
		w.onMerge(n.MergeStmt)
	}
}

// tableRef is a FROM item: a table, or opaque (a sub-query, a function, a
// CTE, an ambiguous alias) whose columns are not known.
type tableRef struct {
	schema, name string
	opaque       bool
}

type aliases = map[string]tableRef
type columnsByAlias = map[string]map[string]bool

type filterScope struct {
	local, localAll, outer columnsByAlias
	localAliases           map[string]bool
	localUnresolved        bool
}

func (s filterScope) empty() bool { return len(s.local) == 0 && len(s.outer) == 0 }

type whereFuncs struct {
	p        *rules.Pass
	cteStack []map[string]bool
	depth    int
}

// namesIndexedTable reports whether the statement names a table the
// catalog knows with an indexed column: every table reported on is one
// (tables come from the statement's relations; CTEs and sub-queries are
// opaque), so a statement naming none needs no scope analysis.
func (w *whereFuncs) namesIndexedTable() bool {
	for _, m := range w.p.Nodes() {
		if rv, ok := m.(*pg_query.RangeVar); ok && w.indexed(tableRef{schema: rv.GetSchemaname(), name: rv.GetRelname()}) != nil {
			return true
		}
	}
	return false
}

func (w *whereFuncs) cteVisible(name string) bool {
	for _, f := range w.cteStack {
		if f[name] {
			return true
		}
	}
	return false
}

func (w *whereFuncs) table(ref tableRef) *catalog.Table {
	if ref.opaque || ref.name == "" {
		return nil
	}
	return w.p.Catalog.Table(ref.schema, ref.name)
}

func (w *whereFuncs) indexed(ref tableRef) map[string]bool {
	t := w.table(ref)
	if t == nil {
		return nil
	}
	cols := map[string]bool{}
	for _, ix := range w.p.Catalog.TableIndexes(t) {
		for _, c := range ix.Columns {
			cols[c] = true
		}
	}
	if len(cols) == 0 {
		return nil
	}
	return cols
}

func (w *whereFuncs) allColumns(ref tableRef) map[string]bool {
	t := w.table(ref)
	if t == nil || len(t.Columns) == 0 {
		return nil
	}
	cols := map[string]bool{}
	for _, c := range t.Columns {
		cols[c.Name] = true
	}
	return cols
}

func (w *whereFuncs) resolve(tables aliases, f func(tableRef) map[string]bool) columnsByAlias {
	out := columnsByAlias{}
	for a, ref := range tables {
		if cols := f(ref); cols != nil {
			out[a] = cols
		}
	}
	return out
}

func merged(outer, local aliases) aliases {
	out := make(aliases, len(outer)+len(local))
	for a, r := range outer {
		out[a] = r
	}
	for a, r := range local {
		out[a] = r
	}
	return out
}

// collect records the relations a FROM item brings into scope.
func (w *whereFuncs) collect(n *pg_query.Node, tables aliases) {
	setOpaque := func(alias *pg_query.Alias) {
		if a := alias.GetAliasname(); a != "" {
			if _, ok := tables[a]; !ok {
				tables[a] = tableRef{opaque: true}
			}
		}
	}
	switch v := n.GetNode().(type) {
	case *pg_query.Node_RangeVar:
		w.collectRangeVar(v.RangeVar, tables)
	case *pg_query.Node_RangeSubselect:
		setOpaque(v.RangeSubselect.GetAlias())
	case *pg_query.Node_RangeFunction:
		setOpaque(v.RangeFunction.GetAlias())
	case *pg_query.Node_JoinExpr:
		w.collect(v.JoinExpr.GetLarg(), tables)
		w.collect(v.JoinExpr.GetRarg(), tables)
		setOpaque(v.JoinExpr.GetAlias())
	}
}

func (w *whereFuncs) collectRangeVar(rv *pg_query.RangeVar, tables aliases) {
	if rv == nil {
		return
	}
	key := rv.GetRelname()
	if a := rv.GetAlias().GetAliasname(); a != "" {
		key = a
	}
	if rv.GetSchemaname() == "" && w.cteVisible(rv.GetRelname()) {
		tables[key] = tableRef{opaque: true}
		return
	}
	ref := tableRef{schema: rv.GetSchemaname(), name: rv.GetRelname()}
	if prev, ok := tables[key]; ok && prev != ref {
		tables[key] = tableRef{opaque: true}
		return
	}
	tables[key] = ref
}

func (w *whereFuncs) collectList(from []*pg_query.Node) aliases {
	tables := aliases{}
	for _, n := range from {
		w.collect(n, tables)
	}
	return tables
}

func hasOpaqueSource(n *pg_query.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_SubLink, *pg_query.Node_RangeSubselect, *pg_query.Node_SelectStmt, *pg_query.Node_RangeFunction:
		return true
	case *pg_query.Node_JoinExpr:
		return hasOpaqueSource(v.JoinExpr.GetLarg()) || hasOpaqueSource(v.JoinExpr.GetRarg())
	}
	return false
}

// unresolved reports whether some FROM item hides columns the catalog
// cannot list, so an unqualified column may belong to it.
func (w *whereFuncs) unresolved(from []*pg_query.Node, local aliases) bool {
	for _, n := range from {
		if hasOpaqueSource(n) {
			return true
		}
	}
	for _, ref := range local {
		if ref.opaque || w.table(ref) == nil {
			return true
		}
	}
	return false
}

func (w *whereFuncs) handleWith(with *pg_query.WithClause) func() {
	if with == nil || len(with.GetCtes()) == 0 {
		return func() {}
	}
	frame := map[string]bool{}
	w.cteStack = append(w.cteStack, frame)
	pop := func() { w.cteStack = w.cteStack[:len(w.cteStack)-1] }
	if with.GetRecursive() {
		for _, c := range with.GetCtes() {
			frame[c.GetCommonTableExpr().GetCtename()] = true
		}
		for _, c := range with.GetCtes() {
			w.cteBody(c.GetCommonTableExpr().GetCtequery())
		}
		return pop
	}
	for _, c := range with.GetCtes() {
		cte := c.GetCommonTableExpr()
		w.cteBody(cte.GetCtequery())
		if cte.GetCtename() != "" {
			frame[cte.GetCtename()] = true
		}
	}
	return pop
}

func (w *whereFuncs) cteBody(q *pg_query.Node) {
	switch v := q.GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		w.checkSelect(v.SelectStmt, nil)
	case *pg_query.Node_UpdateStmt:
		w.onUpdate(v.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		w.onDelete(v.DeleteStmt)
	case *pg_query.Node_InsertStmt:
		w.onInsert(v.InsertStmt)
	case *pg_query.Node_MergeStmt:
		w.onMerge(v.MergeStmt)
	}
}

func (w *whereFuncs) checkSelect(sel *pg_query.SelectStmt, outer aliases) {
	if sel == nil || w.depth > 100 {
		return
	}
	w.depth++
	defer func() { w.depth-- }()
	pop := w.handleWith(sel.GetWithClause())
	defer pop()
	if sel.GetOp() != pg_query.SetOperation_SETOP_NONE && sel.GetOp() != pg_query.SetOperation_SET_OPERATION_UNDEFINED {
		w.checkSelect(sel.GetLarg(), outer)
		w.checkSelect(sel.GetRarg(), outer)
		return
	}
	local := w.collectList(sel.GetFromClause())
	unresolved := w.unresolved(sel.GetFromClause(), local)
	w.checkFilter(sel.GetWhereClause(), local, outer, unresolved)
	w.checkJoins(sel.GetFromClause(), local, outer, unresolved)
	combined := merged(outer, local)
	for _, f := range sel.GetFromClause() {
		w.nestedInFromItem(f, combined)
	}
	for _, list := range [][]*pg_query.Node{sel.GetTargetList(), sel.GetValuesLists(), sel.GetGroupClause(), sel.GetSortClause()} {
		for _, n := range list {
			w.nested(n, combined)
		}
	}
	w.nested(sel.GetHavingClause(), combined)
}

func (w *whereFuncs) checkJoins(from []*pg_query.Node, local, outer aliases, unresolved bool) {
	for _, n := range from {
		w.checkJoinsIn(n, local, outer, unresolved)
	}
}

func (w *whereFuncs) checkJoinsIn(n *pg_query.Node, local, outer aliases, unresolved bool) {
	j := n.GetJoinExpr()
	if j == nil {
		return
	}
	w.checkFilter(j.GetQuals(), local, outer, unresolved)
	w.checkJoinsIn(j.GetLarg(), local, outer, unresolved)
	w.checkJoinsIn(j.GetRarg(), local, outer, unresolved)
}

// checkFilter inspects a filter expression in the given scopes; sub-queries
// in it are checked with the combined scope as their outer scope.
func (w *whereFuncs) checkFilter(where *pg_query.Node, local, outer aliases, unresolved bool) {
	if where == nil {
		return
	}
	localAliases := map[string]bool{}
	for a := range local {
		localAliases[a] = true
	}
	s := filterScope{
		local:           w.resolve(local, w.indexed),
		localAll:        w.resolve(local, w.allColumns),
		outer:           w.resolve(outer, w.indexed),
		localAliases:    localAliases,
		localUnresolved: unresolved,
	}
	combined := merged(outer, local)
	var visit func(n *pg_query.Node)
	visit = func(n *pg_query.Node) {
		inspectNode(n, func(m any) bool {
			switch v := m.(type) {
			case *pg_query.SubLink:
				w.checkSelect(v.GetSubselect().GetSelectStmt(), combined)
				visit(v.GetTestexpr())
				return false
			case *pg_query.RangeSubselect:
				w.checkSelect(v.GetSubquery().GetSelectStmt(), combined)
				return false
			case *pg_query.SelectStmt:
				w.checkSelect(v, combined)
				return false
			case *pg_query.FuncCall:
				if !s.empty() {
					w.checkFunc(v, s)
				}
			case *pg_query.A_Expr:
				if !s.empty() {
					w.checkCalc(v, s)
				}
			}
			return true
		})
	}
	visit(where)
}

func (w *whereFuncs) checkFunc(fc *pg_query.FuncCall, s filterScope) {
	for _, a := range fc.GetArgs() {
		if cr, col := w.indexedColumn(a, s); cr != nil {
			name := strings.ToUpper(funcNameOf(fc))
			start := w.p.Stmt.Abs(fc.GetLocation())
			end := callEnd(w.p, start)
			w.p.Reportf(start, end, "function %s() is applied to indexed column %s in a filter, so its index cannot be used; compare the column itself or index the expression",
				name, rules.Quote(col))
			return
		}
	}
}

func isArithmeticOp(op string) bool {
	switch op {
	case "+", "-", "*", "/", "%", "^", "&", "|", "#", "<<", ">>":
		return true
	}
	return false
}

func (w *whereFuncs) checkCalc(e *pg_query.A_Expr, s filterScope) {
	if e.GetKind() != pg_query.A_Expr_Kind_AEXPR_OP {
		return
	}
	names := e.GetName()
	if len(names) == 0 {
		return
	}
	op := names[len(names)-1].GetString_().GetSval()
	var cr *pg_query.ColumnRef
	var col string
	switch {
	case e.GetLexpr() == nil:
		if op == "-" || op == "~" {
			cr, col = w.indexedColumn(e.GetRexpr(), s)
		}
	case isArithmeticOp(op):
		if cr, col = w.indexedColumn(e.GetLexpr(), s); cr == nil {
			cr, col = w.indexedColumn(e.GetRexpr(), s)
		}
	}
	if cr == nil {
		return
	}
	start := w.p.Stmt.Abs(cr.GetLocation())
	w.p.Reportf(start, w.p.Stmt.NameEndOffset(start), "calculation (%s) is applied to indexed column %s in a filter, so its index cannot be used; move the calculation to the other side or index the expression",
		op, rules.Quote(col))
}

// indexedColumn unwraps casts and returns the column reference when it
// names an indexed column of the scope.
func (w *whereFuncs) indexedColumn(n *pg_query.Node, s filterScope) (*pg_query.ColumnRef, string) {
	for n.GetTypeCast() != nil {
		n = n.GetTypeCast().GetArg()
	}
	cr := n.GetColumnRef()
	if cr == nil {
		return nil, ""
	}
	var parts []string
	for _, f := range cr.GetFields() {
		str := f.GetString_()
		if str == nil {
			return nil, ""
		}
		parts = append(parts, str.GetSval())
	}
	if len(parts) == 0 {
		return nil, ""
	}
	col := parts[len(parts)-1]
	if len(parts) > 1 {
		q := parts[len(parts)-2]
		if s.localAliases[q] {
			if s.local[q][col] {
				return cr, col
			}
			return nil, ""
		}
		if s.outer[q][col] {
			return cr, col
		}
		return nil, ""
	}
	for _, cols := range s.localAll {
		if cols[col] {
			for _, idx := range s.local {
				if idx[col] {
					return cr, col
				}
			}
			return nil, ""
		}
	}
	if s.localUnresolved {
		return nil, ""
	}
	for _, idx := range s.outer {
		if idx[col] {
			return cr, col
		}
	}
	return nil, ""
}

// nested checks the sub-queries of an expression that is no filter itself
// (select list, HAVING, ...), with outer as their outer scope.
func (w *whereFuncs) nested(n *pg_query.Node, outer aliases) {
	inspectNode(n, func(m any) bool {
		switch v := m.(type) {
		case *pg_query.SelectStmt:
			w.checkSelect(v, outer)
			return false
		case *pg_query.SubLink:
			w.checkSelect(v.GetSubselect().GetSelectStmt(), outer)
			w.nested(v.GetTestexpr(), outer)
			return false
		case *pg_query.RangeSubselect:
			w.checkSelect(v.GetSubquery().GetSelectStmt(), outer)
			return false
		}
		return true
	})
}

func (w *whereFuncs) nestedInFromItem(n *pg_query.Node, outer aliases) {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_JoinExpr:
		w.nestedInFromItem(v.JoinExpr.GetLarg(), outer)
		w.nestedInFromItem(v.JoinExpr.GetRarg(), outer)
	case *pg_query.Node_RangeSubselect:
		w.checkSelect(v.RangeSubselect.GetSubquery().GetSelectStmt(), outer)
	default:
		w.nested(n, outer)
	}
}

func (w *whereFuncs) targetAnd(rel *pg_query.RangeVar, extra []*pg_query.Node) aliases {
	tables := aliases{}
	w.collectRangeVar(rel, tables)
	for _, n := range extra {
		w.collect(n, tables)
	}
	return tables
}

func (w *whereFuncs) onUpdate(u *pg_query.UpdateStmt) {
	pop := w.handleWith(u.GetWithClause())
	defer pop()
	tables := w.targetAnd(u.GetRelation(), u.GetFromClause())
	unresolved := w.unresolved(u.GetFromClause(), tables)
	w.checkFilter(u.GetWhereClause(), tables, nil, unresolved)
	w.checkJoins(u.GetFromClause(), tables, nil, unresolved)
	for _, f := range u.GetFromClause() {
		w.nestedInFromItem(f, tables)
	}
	for _, list := range [][]*pg_query.Node{u.GetTargetList(), u.GetReturningList()} {
		for _, n := range list {
			w.nested(n, tables)
		}
	}
}

func (w *whereFuncs) onDelete(d *pg_query.DeleteStmt) {
	pop := w.handleWith(d.GetWithClause())
	defer pop()
	tables := w.targetAnd(d.GetRelation(), d.GetUsingClause())
	unresolved := w.unresolved(d.GetUsingClause(), tables)
	w.checkFilter(d.GetWhereClause(), tables, nil, unresolved)
	w.checkJoins(d.GetUsingClause(), tables, nil, unresolved)
	for _, f := range d.GetUsingClause() {
		w.nestedInFromItem(f, tables)
	}
	for _, n := range d.GetReturningList() {
		w.nested(n, tables)
	}
}

func (w *whereFuncs) onInsert(ins *pg_query.InsertStmt) {
	pop := w.handleWith(ins.GetWithClause())
	defer pop()
	w.checkSelect(ins.GetSelectStmt().GetSelectStmt(), nil)
	target := w.targetAnd(ins.GetRelation(), nil)
	if oc := ins.GetOnConflictClause(); oc != nil {
		w.checkFilter(oc.GetWhereClause(), target, nil, false)
		w.checkFilter(oc.GetInfer().GetWhereClause(), target, nil, false)
		for _, n := range oc.GetTargetList() {
			w.nested(n, target)
		}
	}
	for _, n := range ins.GetReturningList() {
		w.nested(n, target)
	}
}

func (w *whereFuncs) onMerge(m *pg_query.MergeStmt) {
	pop := w.handleWith(m.GetWithClause())
	defer pop()
	tables := aliases{}
	w.collectRangeVar(m.GetRelation(), tables)
	src := m.GetSourceRelation()
	w.collect(src, tables)
	unresolved := false
	inspectNode(src, func(msg any) bool {
		switch msg.(type) {
		case *pg_query.SubLink, *pg_query.RangeSubselect, *pg_query.SelectStmt:
			unresolved = true
		}
		return !unresolved
	})
	for _, ref := range tables {
		if !ref.opaque && w.table(ref) == nil {
			unresolved = true
		}
	}
	w.checkFilter(m.GetJoinCondition(), tables, nil, unresolved)
	w.checkJoinsIn(src, tables, nil, unresolved)
	w.nestedInFromItem(src, tables)
	for _, c := range m.GetMergeWhenClauses() {
		mw := c.GetMergeWhenClause()
		w.checkFilter(mw.GetCondition(), tables, nil, unresolved)
		for _, list := range [][]*pg_query.Node{mw.GetTargetList(), mw.GetValues()} {
			for _, n := range list {
				w.nested(n, tables)
			}
		}
	}
	for _, n := range m.GetReturningList() {
		w.nested(n, tables)
	}
}

// callEnd returns the end of the function call whose name starts at off:
// the matching closing parenthesis of its argument list.
func callEnd(p *rules.Pass, off int) int {
	s := p.Stmt
	toks := s.Tokens()
	i := s.TokenIndex(off)
	if i < 0 {
		return s.End
	}
	depth := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		switch {
		case p.File.IsPunct(t, '('):
			depth++
		case p.File.IsPunct(t, ')'):
			depth--
			if depth == 0 {
				return t.End
			}
		}
	}
	return s.End
}
