package catalog

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/source"
)

// exprText renders an expression (a column default, CHECK expression,
// index expression or predicate) as SQL. It prefers source.Deparse and falls
// back to a small renderer modelled on pg_query's deparser when Deparse
// cannot render it: an expression that is present must never come out as ""
// (an empty Default would read as "no default" to rules). Parts the fallback
// does not know print as "?".
func exprText(n *pg_query.Node) string {
	if n == nil {
		return ""
	}
	if s := source.Deparse(n); s != "" {
		return s
	}
	var b strings.Builder
	writeExpr(&b, n, 0)
	return b.String()
}

// maxExprDepth bounds the fallback renderer's recursion on hostile input.
const maxExprDepth = 100

func needsParens(n *pg_query.Node) bool {
	switch n.GetNode().(type) {
	case *pg_query.Node_BoolExpr, *pg_query.Node_BooleanTest, *pg_query.Node_NullTest, *pg_query.Node_AExpr:
		return true
	}
	return false
}

func writeParen(b *strings.Builder, n *pg_query.Node, paren bool, depth int) {
	if paren {
		b.WriteByte('(')
	}
	writeExpr(b, n, depth+1)
	if paren {
		b.WriteByte(')')
	}
}

func writeList(b *strings.Builder, ns []*pg_query.Node, depth int) {
	for i, a := range ns {
		if i > 0 {
			b.WriteString(", ")
		}
		writeExpr(b, a, depth+1)
	}
}

func writeExpr(b *strings.Builder, n *pg_query.Node, depth int) {
	if n == nil || depth > maxExprDepth {
		b.WriteByte('?')
		return
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		writeConst(b, v.AConst)
	case *pg_query.Node_ColumnRef:
		for i, f := range v.ColumnRef.Fields {
			if i > 0 {
				b.WriteByte('.')
			}
			if f.GetAStar() != nil {
				b.WriteByte('*')
			} else {
				b.WriteString(quoteIdent(strVal(f)))
			}
		}
	case *pg_query.Node_FuncCall:
		fc := v.FuncCall
		names := stringList(fc.Funcname)
		if len(names) == 2 && names[0] == "pg_catalog" {
			names = names[1:]
		}
		for i, nm := range names {
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(quoteIdent(nm))
		}
		b.WriteByte('(')
		if fc.AggStar {
			b.WriteByte('*')
		}
		if fc.AggDistinct {
			b.WriteString("DISTINCT ")
		}
		writeList(b, fc.Args, depth)
		b.WriteByte(')')
	case *pg_query.Node_TypeCast:
		tc := v.TypeCast
		if c := tc.Arg.GetAConst(); c != nil && tc.TypeName != nil {
			names := stringList(tc.TypeName.Names)
			if len(names) == 2 && names[0] == "pg_catalog" && names[1] == "bool" && c.GetSval() != nil {
				switch c.GetSval().Sval {
				case "t":
					b.WriteString("true")
					return
				case "f":
					b.WriteString("false")
					return
				}
			}
		}
		writeParen(b, tc.Arg, needsParens(tc.Arg) || isNegOrFloat(tc.Arg), depth)
		b.WriteString("::")
		writeTypeName(b, tc.TypeName)
	case *pg_query.Node_AExpr:
		writeAExpr(b, v.AExpr, depth)
	case *pg_query.Node_BoolExpr:
		be := v.BoolExpr
		sep := " AND "
		switch be.Boolop {
		case pg_query.BoolExprType_OR_EXPR:
			sep = " OR "
		case pg_query.BoolExprType_NOT_EXPR:
			b.WriteString("NOT ")
			if len(be.Args) > 0 {
				writeParen(b, be.Args[0], isAndOr(be.Args[0]), depth)
			}
			return
		}
		for i, a := range be.Args {
			if i > 0 {
				b.WriteString(sep)
			}
			writeParen(b, a, isAndOr(a), depth)
		}
	case *pg_query.Node_NullTest:
		writeParen(b, v.NullTest.Arg, needsParens(v.NullTest.Arg), depth)
		if v.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL {
			b.WriteString(" IS NOT NULL")
		} else {
			b.WriteString(" IS NULL")
		}
	case *pg_query.Node_SqlvalueFunction:
		name := sqlValueNames[v.SqlvalueFunction.Op]
		if name == "" {
			name = "?"
		}
		b.WriteString(name)
		if v.SqlvalueFunction.Typmod >= 0 && strings.HasSuffix(v.SqlvalueFunction.Op.String(), "_N") {
			b.WriteString("(" + strconv.Itoa(int(v.SqlvalueFunction.Typmod)) + ")")
		}
	case *pg_query.Node_AArrayExpr:
		b.WriteString("ARRAY[")
		writeList(b, v.AArrayExpr.Elements, depth)
		b.WriteByte(']')
	case *pg_query.Node_CoalesceExpr:
		b.WriteString("COALESCE(")
		writeList(b, v.CoalesceExpr.Args, depth)
		b.WriteByte(')')
	case *pg_query.Node_CollateClause:
		writeParen(b, v.CollateClause.Arg, needsParens(v.CollateClause.Arg), depth)
		b.WriteString(" COLLATE ")
		for i, nm := range stringList(v.CollateClause.Collname) {
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(`"` + strings.ReplaceAll(nm, `"`, `""`) + `"`)
		}
	case *pg_query.Node_RowExpr:
		b.WriteString("ROW(")
		writeList(b, v.RowExpr.Args, depth)
		b.WriteByte(')')
	case *pg_query.Node_CaseExpr:
		ce := v.CaseExpr
		b.WriteString("CASE")
		if ce.Arg != nil {
			b.WriteByte(' ')
			writeExpr(b, ce.Arg, depth+1)
		}
		for _, w := range ce.Args {
			cw := w.GetCaseWhen()
			b.WriteString(" WHEN ")
			writeExpr(b, cw.GetExpr(), depth+1)
			b.WriteString(" THEN ")
			writeExpr(b, cw.GetResult(), depth+1)
		}
		if ce.Defresult != nil {
			b.WriteString(" ELSE ")
			writeExpr(b, ce.Defresult, depth+1)
		}
		b.WriteString(" END")
	case *pg_query.Node_List:
		b.WriteByte('(')
		writeList(b, v.List.Items, depth)
		b.WriteByte(')')
	default:
		b.WriteByte('?')
	}
}

func isAndOr(n *pg_query.Node) bool {
	be := n.GetBoolExpr()
	return be != nil && (be.Boolop == pg_query.BoolExprType_AND_EXPR || be.Boolop == pg_query.BoolExprType_OR_EXPR)
}

func isNegOrFloat(n *pg_query.Node) bool {
	c := n.GetAConst()
	if c == nil {
		return false
	}
	return c.GetFval() != nil || c.GetIval() != nil && c.GetIval().Ival < 0
}

func writeConst(b *strings.Builder, c *pg_query.A_Const) {
	switch {
	case c.Isnull:
		b.WriteString("NULL")
	case c.GetIval() != nil:
		b.WriteString(strconv.Itoa(int(c.GetIval().Ival)))
	case c.GetFval() != nil:
		b.WriteString(c.GetFval().Fval)
	case c.GetBoolval() != nil:
		b.WriteString(strconv.FormatBool(c.GetBoolval().Boolval))
	case c.GetSval() != nil:
		s := c.GetSval().Sval
		if strings.Contains(s, `\`) {
			b.WriteString("E'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'")
		} else {
			b.WriteString("'" + strings.ReplaceAll(s, "'", "''") + "'")
		}
	case c.GetBsval() != nil:
		bs := c.GetBsval().Bsval
		if bs != "" {
			b.WriteString(string(bs[0]) + "'" + bs[1:] + "'")
		}
	default:
		b.WriteString("NULL")
	}
}

func writeAExpr(b *strings.Builder, e *pg_query.A_Expr, depth int) {
	op := strings.Join(stringList(e.Name), ".")
	switch e.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if e.Lexpr != nil {
			writeParen(b, e.Lexpr, needsParens(e.Lexpr), depth)
			b.WriteByte(' ')
		}
		b.WriteString(op)
		b.WriteByte(' ')
		writeParen(b, e.Rexpr, needsParens(e.Rexpr), depth)
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		writeExpr(b, e.Lexpr, depth+1)
		kw := " ANY("
		if e.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL {
			kw = " ALL("
		}
		b.WriteString(" " + op + kw)
		writeExpr(b, e.Rexpr, depth+1)
		b.WriteByte(')')
	case pg_query.A_Expr_Kind_AEXPR_IN:
		writeParen(b, e.Lexpr, needsParens(e.Lexpr), depth)
		if op == "<>" {
			b.WriteString(" NOT IN ")
		} else {
			b.WriteString(" IN ")
		}
		writeExpr(b, e.Rexpr, depth+1)
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		writeParen(b, e.Lexpr, needsParens(e.Lexpr), depth)
		kw := map[string]string{"~~": " LIKE ", "!~~": " NOT LIKE ", "~~*": " ILIKE ", "!~~*": " NOT ILIKE "}[op]
		if kw == "" {
			kw = " " + op + " "
		}
		b.WriteString(kw)
		writeParen(b, e.Rexpr, needsParens(e.Rexpr), depth)
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		writeParen(b, e.Lexpr, needsParens(e.Lexpr), depth)
		if e.Kind == pg_query.A_Expr_Kind_AEXPR_DISTINCT {
			b.WriteString(" IS DISTINCT FROM ")
		} else {
			b.WriteString(" IS NOT DISTINCT FROM ")
		}
		writeParen(b, e.Rexpr, needsParens(e.Rexpr), depth)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		writeExpr(b, e.Lexpr, depth+1)
		if e.Kind == pg_query.A_Expr_Kind_AEXPR_BETWEEN {
			b.WriteString(" BETWEEN ")
		} else {
			b.WriteString(" NOT BETWEEN ")
		}
		items := e.Rexpr.GetList().GetItems()
		if len(items) == 2 {
			writeExpr(b, items[0], depth+1)
			b.WriteString(" AND ")
			writeExpr(b, items[1], depth+1)
		} else {
			b.WriteByte('?')
		}
	default:
		b.WriteByte('?')
	}
}

// pgTypeSQL is how pg_query's deparser spells pg_catalog types in casts.
var pgTypeSQL = map[string]string{
	"bpchar": "char", "varchar": "varchar", "numeric": "numeric", "bool": "boolean",
	"int2": "smallint", "int4": "int", "int8": "bigint", "float4": "real", "real": "real",
	"float8": "double precision", "time": "time", "timestamp": "timestamp", "interval": "interval",
}

func writeTypeName(b *strings.Builder, tn *pg_query.TypeName) {
	if tn == nil {
		b.WriteByte('?')
		return
	}
	names := stringList(tn.Names)
	mods := ""
	if len(tn.Typmods) > 0 {
		var parts []string
		for _, m := range tn.Typmods {
			if v, ok := intConst(m); ok {
				parts = append(parts, strconv.FormatInt(v, 10))
			} else {
				parts = append(parts, "?")
			}
		}
		mods = "(" + strings.Join(parts, ", ") + ")"
	}
	if len(names) == 2 && names[0] == "pg_catalog" {
		switch names[1] {
		case "timestamptz", "timetz":
			b.WriteString(strings.TrimSuffix(names[1], "tz") + " ")
			if mods != "" {
				b.WriteString(mods + " ")
			}
			b.WriteString("with time zone")
			mods = ""
		default:
			if sql, ok := pgTypeSQL[names[1]]; ok {
				b.WriteString(sql)
			} else {
				b.WriteString("pg_catalog." + names[1])
			}
		}
	} else {
		for i, nm := range names {
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(quoteIdent(nm))
		}
	}
	b.WriteString(mods)
	for range tn.ArrayBounds {
		b.WriteString("[]")
	}
}
