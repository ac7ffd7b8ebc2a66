package catalog

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// fromItem is one relation visible in a FROM clause.
type fromItem struct {
	alias string
	cols  []*Column // nil with known=false when the relation is not understood
	known bool
}

// queryColumns derives the output columns of a view or CREATE TABLE AS
// query: names as PostgreSQL would choose them, types when a column is
// taken directly from a known relation or cast. names override the first
// column names (the view's or CTAS's column list). known is false when the
// column list could not be derived (SELECT * over something unknown).
func (c *Catalog) queryColumns(q *pg_query.Node, names []string, o Origin) (cols []*Column, known bool) {
	cols, known = c.selectColumns(q.GetSelectStmt(), nil, 0)
	if !known {
		return nil, false
	}
	for i, n := range names {
		if i < len(cols) {
			cols[i].Name = n
		}
	}
	for _, col := range cols {
		col.Created = o
	}
	return cols, true
}

// maxQueryDepth bounds the recursion through subqueries and CTEs, which a
// fuzzer (or a pathological file) can nest arbitrarily.
const maxQueryDepth = 32

func (c *Catalog) selectColumns(sel *pg_query.SelectStmt, ctes map[string]fromItem, depth int) ([]*Column, bool) {
	if sel == nil || depth > maxQueryDepth {
		return nil, false
	}
	// Set operations take their column names from the leftmost arm.
	for sel.Op != pg_query.SetOperation_SETOP_NONE && sel.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED {
		if sel.Larg == nil {
			return nil, false
		}
		sel = sel.Larg
	}
	if wc := sel.WithClause; wc != nil {
		inner := make(map[string]fromItem, len(ctes)+len(wc.Ctes))
		for k, v := range ctes {
			inner[k] = v
		}
		for _, cn := range wc.Ctes {
			cte := cn.GetCommonTableExpr()
			if cte == nil {
				continue
			}
			cols, ok := c.selectColumns(cte.Ctequery.GetSelectStmt(), inner, depth+1)
			for i, n := range stringList(cte.Aliascolnames) {
				if i < len(cols) {
					cols[i].Name = n
				}
			}
			inner[cte.Ctename] = fromItem{alias: cte.Ctename, cols: cols, known: ok}
		}
		ctes = inner
	}
	if len(sel.ValuesLists) > 0 {
		first := sel.ValuesLists[0].GetList().GetItems()
		cols := make([]*Column, len(first))
		for i := range first {
			cols[i] = &Column{Name: "column" + strconv.Itoa(i+1), Type: exprType(first[i], nil)}
		}
		return cols, true
	}
	var from []fromItem
	for _, f := range sel.FromClause {
		from = c.fromItems(f, ctes, depth, from)
	}
	var cols []*Column
	for _, tn := range sel.TargetList {
		rt := tn.GetResTarget()
		if rt == nil {
			return nil, false
		}
		val := rt.Val
		if cr := val.GetColumnRef(); cr != nil && len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			qual := ""
			if len(cr.Fields) >= 2 {
				qual = strVal(cr.Fields[len(cr.Fields)-2])
			}
			matched := false
			for _, it := range from {
				if qual != "" && it.alias != qual {
					continue
				}
				matched = true
				if !it.known {
					return nil, false
				}
				for _, col := range it.cols {
					cols = append(cols, &Column{Name: col.Name, Type: col.Type})
				}
			}
			if !matched {
				return nil, false
			}
			continue
		}
		name := rt.Name
		if name == "" {
			if n, strength := figureColname(val); strength > 0 {
				name = n
			} else {
				name = "?column?"
			}
		}
		cols = append(cols, &Column{Name: name, Type: exprType(val, from)})
	}
	return cols, true
}

// fromItems appends the relations a FROM item makes visible.
func (c *Catalog) fromItems(n *pg_query.Node, ctes map[string]fromItem, depth int, acc []fromItem) []fromItem {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_RangeVar:
		rv := v.RangeVar
		alias := rv.Relname
		if rv.Alias != nil && rv.Alias.Aliasname != "" {
			alias = rv.Alias.Aliasname
		}
		it := fromItem{alias: alias}
		if cte, ok := ctes[rv.Relname]; ok && rv.Schemaname == "" {
			it.cols, it.known = cte.cols, cte.known
		} else if t := c.Table(rv.Schemaname, rv.Relname); t != nil && !t.ColumnsUnknown {
			it.cols, it.known = t.Columns, true
		}
		if it.known && rv.Alias != nil {
			it.cols = renameCols(it.cols, stringList(rv.Alias.Colnames))
		}
		return append(acc, it)
	case *pg_query.Node_RangeSubselect:
		rs := v.RangeSubselect
		it := fromItem{alias: rs.GetAlias().GetAliasname()}
		it.cols, it.known = c.selectColumns(rs.Subquery.GetSelectStmt(), ctes, depth+1)
		if it.known && rs.Alias != nil {
			it.cols = renameCols(it.cols, stringList(rs.Alias.Colnames))
		}
		return append(acc, it)
	case *pg_query.Node_JoinExpr:
		// Columns of JOIN ... USING are merged by PostgreSQL; listing both
		// sides is close enough for type lookups.
		acc = c.fromItems(v.JoinExpr.Larg, ctes, depth, acc)
		return c.fromItems(v.JoinExpr.Rarg, ctes, depth, acc)
	}
	return append(acc, fromItem{})
}

func renameCols(cols []*Column, names []string) []*Column {
	if len(names) == 0 {
		return cols
	}
	out := make([]*Column, len(cols))
	for i, col := range cols {
		cp := *col
		if i < len(names) {
			cp.Name = names[i]
		}
		out[i] = &cp
	}
	return out
}

// exprType returns the type of an output expression when it is obvious: a
// column of a known relation or an explicit cast. "" means unknown.
func exprType(n *pg_query.Node, from []fromItem) string {
	if t := castType(n); t != "" {
		return t
	}
	if c := n.GetAConst(); c != nil {
		// Literals resolve as PostgreSQL resolves them in a view or CREATE
		// TABLE AS output column; an untyped string becomes text.
		switch {
		case c.Isnull:
			return ""
		case c.GetIval() != nil:
			return "int4"
		case c.GetFval() != nil:
			return "numeric"
		case c.GetBoolval() != nil:
			return "bool"
		case c.GetSval() != nil:
			return "text"
		}
		return ""
	}
	cr := n.GetColumnRef()
	if cr == nil {
		return ""
	}
	f := stringList(cr.Fields)
	if len(f) != len(cr.Fields) || len(f) == 0 {
		return ""
	}
	col, qual := f[len(f)-1], ""
	if len(f) >= 2 {
		qual = f[len(f)-2]
	}
	for _, it := range from {
		if qual != "" && it.alias != qual {
			continue
		}
		for _, cc := range it.cols {
			if cc.Name == col {
				return cc.Type
			}
		}
	}
	return ""
}

func castType(n *pg_query.Node) string {
	if tc := n.GetTypeCast(); tc != nil {
		return TypeName(tc.TypeName)
	}
	return ""
}
