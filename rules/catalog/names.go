package catalog

import (
	"strconv"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// maxIdentLen is NAMEDATALEN-1: PostgreSQL truncates identifiers to 63 bytes.
const maxIdentLen = 63

func strVal(n *pg_query.Node) string {
	return n.GetString_().GetSval()
}

func stringList(ns []*pg_query.Node) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// qualName splits a dotted name list (as in DROP TYPE a.b) into schema and
// name; a leading database name is ignored.
func qualName(ns []*pg_query.Node) (schema, name string) {
	parts := stringList(ns)
	switch len(parts) {
	case 0:
		return "", ""
	case 1:
		return "", parts[0]
	default:
		return parts[len(parts)-2], parts[len(parts)-1]
	}
}

// clipName cuts s to at most n bytes without splitting a UTF-8 sequence,
// like pg_mbcliplen.
func clipName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// makeObjectName is PostgreSQL's makeObjectName: name1_name2_label, with
// the longer of name1 and name2 shortened until the result fits in 63 bytes,
// so the label always survives.
func makeObjectName(name1, name2, label string) string {
	n1, n2 := len(name1), len(name2)
	overhead := 0
	if name2 != "" {
		overhead++
	}
	if label != "" {
		overhead += len(label) + 1
	}
	avail := maxIdentLen - overhead
	for n1+n2 > avail && n1+n2 > 0 {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	out := clipName(name1, n1)
	if name2 != "" {
		out += "_" + clipName(name2, n2)
	}
	if label != "" {
		out += "_" + label
	}
	return out
}

// nameAddition is ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition:
// the column names joined by "_", stopping once the result is long enough
// to be truncated anyway.
func nameAddition(cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(clipName(c, maxIdentLen))
		if b.Len() >= maxIdentLen+1 {
			break
		}
	}
	return b.String()
}

// relNameTaken reports whether a pg_class entry (table, view, index,
// sequence, composite type) already uses the name in the schema.
func relNameTaken(s *Schema, name string) bool {
	if s.Tables[name] != nil || s.Indexes[name] != nil || s.Sequences[name] != nil {
		return true
	}
	if t := s.Types[name]; t != nil && t.Kind == "composite" {
		return true
	}
	return false
}

// conNameTaken reports whether any constraint in the schema has the name;
// PostgreSQL picks generated constraint names unique per schema, not per
// table.
// The schema's constraint-name index (conindex.go) makes this O(1).
func conNameTaken(s *Schema, name string) bool {
	if scanConNames {
		return conNameTakenScan(s, name)
	}
	return s.conIndex()[name] > 0
}

// scanConNames makes conNameTaken scan every table instead of using the
// index: tests compare the names both ways choose.
var scanConNames bool

func conNameTakenScan(s *Schema, name string) bool {
	for _, t := range s.Tables {
		if t.Constraint(name) != nil {
			return true
		}
	}
	return false
}

// chooseRelationName is ChooseRelationName: the first of name1_name2_label,
// name1_name2_label1, ... free in the schema. Index names backing a
// constraint must also be free as constraint names.
func chooseRelationName(s *Schema, name1, name2, label string, isConstraint bool) string {
	mod := label
	for pass := 1; ; pass++ {
		n := makeObjectName(name1, name2, mod)
		if !relNameTaken(s, n) && (!isConstraint || !conNameTaken(s, n)) {
			return n
		}
		mod = label + strconv.Itoa(pass)
	}
}

// chooseConstraintName is ChooseConstraintName for CHECK and FOREIGN KEY
// constraints.
func chooseConstraintName(s *Schema, name1, name2, label string) string {
	mod := label
	for pass := 1; ; pass++ {
		n := makeObjectName(name1, name2, mod)
		if !conNameTaken(s, n) {
			return n
		}
		mod = label + strconv.Itoa(pass)
	}
}

// chooseIndexName is ChooseIndexName: _pkey for primary keys, _excl for
// exclusion constraints, _key for unique constraints and _idx otherwise.
func chooseIndexName(s *Schema, table string, cols []string, primary, exclusion, isConstraint bool) string {
	switch {
	case primary:
		return chooseRelationName(s, table, "", "pkey", true)
	case exclusion:
		return chooseRelationName(s, table, nameAddition(cols), "excl", true)
	case isConstraint:
		return chooseRelationName(s, table, nameAddition(cols), "key", true)
	default:
		return chooseRelationName(s, table, nameAddition(cols), "idx", false)
	}
}

// indexColumnNames is ChooseIndexColumnNames: column names, the expression's
// figured name (or "expr"), made unique by appending digits.
func indexColumnNames(elems []*pg_query.IndexElem) []string {
	out := make([]string, 0, len(elems))
	seen := map[string]bool{}
	for _, e := range elems {
		orig := e.Indexcolname
		if orig == "" {
			orig = e.Name
		}
		if orig == "" {
			if n, strength := figureColname(e.Expr); strength > 0 {
				orig = n
			} else {
				orig = "expr"
			}
		}
		name := orig
		for i := 1; seen[name]; i++ {
			name = orig + strconv.Itoa(i)
		}
		seen[name] = true
		out = append(out, name)
	}
	return out
}

// figureColname is FigureColnameInternal: the output column name PostgreSQL
// gives an expression, with its strength (0 = none, 1 = weak guess,
// 2 = sure).
func figureColname(n *pg_query.Node) (string, int) {
	if n == nil {
		return "", 0
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		fs := v.ColumnRef.Fields
		for i := len(fs) - 1; i >= 0; i-- {
			if s := fs[i].GetString_(); s != nil {
				return s.Sval, 2
			}
		}
	case *pg_query.Node_AIndirection:
		ind := v.AIndirection.Indirection
		for i := len(ind) - 1; i >= 0; i-- {
			if s := ind[i].GetString_(); s != nil {
				return s.Sval, 2
			}
		}
		return figureColname(v.AIndirection.Arg)
	case *pg_query.Node_FuncCall:
		names := stringList(v.FuncCall.Funcname)
		if len(names) > 0 {
			return names[len(names)-1], 2
		}
	case *pg_query.Node_AExpr:
		if v.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case *pg_query.Node_TypeCast:
		name, strength := figureColname(v.TypeCast.Arg)
		if strength <= 1 && v.TypeCast.TypeName != nil {
			names := stringList(v.TypeCast.TypeName.Names)
			if len(names) > 0 {
				return names[len(names)-1], 1
			}
		}
		return name, strength
	case *pg_query.Node_CollateClause:
		return figureColname(v.CollateClause.Arg)
	case *pg_query.Node_GroupingFunc:
		return "grouping", 2
	case *pg_query.Node_SubLink:
		switch v.SubLink.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg_query.SubLinkType_EXPR_SUBLINK:
			if sel := v.SubLink.Subselect.GetSelectStmt(); sel != nil && len(sel.TargetList) > 0 {
				rt := sel.TargetList[0].GetResTarget()
				if rt.GetName() != "" {
					return rt.Name, 2
				}
				return figureColname(rt.GetVal())
			}
		}
	case *pg_query.Node_CaseExpr:
		name, strength := figureColname(v.CaseExpr.Defresult)
		if strength <= 1 {
			return "case", 1
		}
		return name, strength
	case *pg_query.Node_AArrayExpr:
		return "array", 1
	case *pg_query.Node_RowExpr:
		return "row", 1
	case *pg_query.Node_CoalesceExpr:
		return "coalesce", 2
	case *pg_query.Node_MinMaxExpr:
		if v.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case *pg_query.Node_SqlvalueFunction:
		if name, ok := sqlValueNames[v.SqlvalueFunction.Op]; ok {
			return name, 2
		}
	}
	return "", 0
}

var sqlValueNames = map[pg_query.SQLValueFunctionOp]string{
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        "current_date",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME:        "current_time",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:      "current_time",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   "current_timestamp",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: "current_timestamp",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:           "localtime",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         "localtime",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      "localtimestamp",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    "localtimestamp",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:        "current_role",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:        "current_user",
	pg_query.SQLValueFunctionOp_SVFOP_USER:                "user",
	pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:        "session_user",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:     "current_catalog",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:      "current_schema",
}

// columnRefs returns the distinct column names an expression references,
// in order of appearance; used to name CHECK constraints and to find what a
// dropped column takes with it.
func columnRefs(n *pg_query.Node) []string {
	var out []string
	seen := map[string]bool{}
	walkNodes(n, func(x *pg_query.Node) {
		cr := x.GetColumnRef()
		if cr == nil {
			return
		}
		fs := cr.Fields
		if len(fs) == 0 {
			return
		}
		name := strVal(fs[len(fs)-1])
		if name != "" && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	})
	return out
}

// walkNodes calls fn on every node of an expression tree. Sub-selects are
// not entered: their columns belong to other relations.
func walkNodes(n *pg_query.Node, fn func(*pg_query.Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch v := n.Node.(type) {
	case *pg_query.Node_AExpr:
		walkNodes(v.AExpr.Lexpr, fn)
		walkNodes(v.AExpr.Rexpr, fn)
	case *pg_query.Node_BoolExpr:
		walkList(v.BoolExpr.Args, fn)
	case *pg_query.Node_FuncCall:
		walkList(v.FuncCall.Args, fn)
	case *pg_query.Node_TypeCast:
		walkNodes(v.TypeCast.Arg, fn)
	case *pg_query.Node_NullTest:
		walkNodes(v.NullTest.Arg, fn)
	case *pg_query.Node_BooleanTest:
		walkNodes(v.BooleanTest.Arg, fn)
	case *pg_query.Node_List:
		walkList(v.List.Items, fn)
	case *pg_query.Node_CoalesceExpr:
		walkList(v.CoalesceExpr.Args, fn)
	case *pg_query.Node_MinMaxExpr:
		walkList(v.MinMaxExpr.Args, fn)
	case *pg_query.Node_CaseExpr:
		walkNodes(v.CaseExpr.Arg, fn)
		walkList(v.CaseExpr.Args, fn)
		walkNodes(v.CaseExpr.Defresult, fn)
	case *pg_query.Node_CaseWhen:
		walkNodes(v.CaseWhen.Expr, fn)
		walkNodes(v.CaseWhen.Result, fn)
	case *pg_query.Node_AArrayExpr:
		walkList(v.AArrayExpr.Elements, fn)
	case *pg_query.Node_RowExpr:
		walkList(v.RowExpr.Args, fn)
	case *pg_query.Node_CollateClause:
		walkNodes(v.CollateClause.Arg, fn)
	case *pg_query.Node_AIndirection:
		walkNodes(v.AIndirection.Arg, fn)
	case *pg_query.Node_SubLink:
		walkNodes(v.SubLink.Testexpr, fn)
	}
}

func walkList(ns []*pg_query.Node, fn func(*pg_query.Node)) {
	for _, n := range ns {
		walkNodes(n, fn)
	}
}

// quoteIdent quotes an identifier when PostgreSQL's quote_identifier would:
// anything but lower-case letters, digits and underscores (not leading
// digit), or a reserved word.
func quoteIdent(s string) string {
	safe := s != "" && !reservedWords[s]
	for i := 0; i < len(s) && safe; i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch == '_' || i > 0 && ch >= '0' && ch <= '9') {
			safe = false
		}
	}
	if safe {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// reservedWords is the subset of PostgreSQL's reserved keywords likely to be
// used as table or column names; quoting is only cosmetic in default texts.
var reservedWords = map[string]bool{
	"all": true, "analyse": true, "analyze": true, "and": true, "any": true, "array": true, "as": true,
	"asc": true, "both": true, "case": true, "cast": true, "check": true, "collate": true, "column": true,
	"constraint": true, "create": true, "default": true, "desc": true, "distinct": true, "do": true,
	"else": true, "end": true, "except": true, "false": true, "for": true, "foreign": true, "from": true,
	"grant": true, "group": true, "having": true, "in": true, "into": true, "leading": true, "limit": true,
	"not": true, "null": true, "offset": true, "on": true, "only": true, "or": true, "order": true,
	"primary": true, "references": true, "select": true, "table": true, "then": true, "to": true,
	"trailing": true, "true": true, "union": true, "unique": true, "user": true, "using": true,
	"when": true, "where": true, "window": true, "with": true,
}

// identSpan is an identifier found in SQL text: its byte range and its
// name as PostgreSQL stores it.
type identSpan struct {
	start, end int
	name       string
}

// identifiers lists the identifiers of an SQL expression text (skipping
// string literals and function names), enough to find or rename column
// references in deparsed CHECK, index and predicate expressions.
func identifiers(text string) []identSpan {
	var out []identSpan
	for i := 0; i < len(text); {
		ch := text[i]
		switch {
		case ch == '\'':
			i++
			for i < len(text) {
				if text[i] == '\'' {
					if i+1 < len(text) && text[i+1] == '\'' {
						i += 2
						continue
					}
					break
				}
				i++
			}
			i++
		case ch == '"':
			j := i + 1
			var b strings.Builder
			for j < len(text) {
				if text[j] == '"' {
					if j+1 < len(text) && text[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(text[j])
				j++
			}
			if j < len(text) {
				j++
			}
			if !followedByParen(text, j) {
				out = append(out, identSpan{i, j, b.String()})
			}
			i = j
		case ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= 0x80:
			j := i + 1
			for j < len(text) && (text[j] == '_' || text[j] == '$' || text[j] >= 'a' && text[j] <= 'z' ||
				text[j] >= 'A' && text[j] <= 'Z' || text[j] >= '0' && text[j] <= '9' || text[j] >= 0x80) {
				j++
			}
			if !followedByParen(text, j) {
				out = append(out, identSpan{i, j, strings.ToLower(text[i:j])})
			}
			i = j
		case ch >= '0' && ch <= '9':
			for i < len(text) && (text[i] >= '0' && text[i] <= '9' || text[i] == '.' || text[i] == 'e' || text[i] == 'E') {
				i++
			}
		default:
			i++
		}
	}
	return out
}

func followedByParen(text string, j int) bool {
	for j < len(text) && text[j] == ' ' {
		j++
	}
	return j < len(text) && text[j] == '('
}

// hasIdent reports whether the expression text references the identifier.
func hasIdent(text, name string) bool {
	for _, id := range identifiers(text) {
		if id.name == name {
			return true
		}
	}
	return false
}

// renameIdent replaces references to identifier old by new in an
// expression text.
func renameIdent(text, old, new string) string {
	ids := identifiers(text)
	var b strings.Builder
	last := 0
	for _, id := range ids {
		if id.name != old {
			continue
		}
		b.WriteString(text[last:id.start])
		b.WriteString(quoteIdent(new))
		last = id.end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
