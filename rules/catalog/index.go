package catalog

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

func (c *Catalog) createIndex(is *pg_query.IndexStmt, o Origin) {
	rv := is.Relation
	if rv == nil {
		return
	}
	t := c.placeholderTable(rv.Schemaname, rv.Relname, KindTable)
	if t == nil || t.Kind == KindView || t.Kind == KindForeign {
		return // views and foreign tables cannot be indexed
	}
	s := c.Schemas[t.Schema]
	if s == nil {
		return
	}
	var elems, incl []*pg_query.IndexElem
	for _, n := range is.IndexParams {
		if e := n.GetIndexElem(); e != nil {
			elems = append(elems, e)
		}
	}
	for _, n := range is.IndexIncludingParams {
		if e := n.GetIndexElem(); e != nil {
			incl = append(incl, e)
		}
	}
	name := is.Idxname
	if name == "" {
		all := append(append([]*pg_query.IndexElem{}, elems...), incl...)
		name = chooseIndexName(s, t.Name, indexColumnNames(all), is.Primary, len(is.ExcludeOpNames) > 0, is.Isconstraint)
	} else if relNameTaken(s, name) {
		// IF NOT EXISTS, or an error: either way nothing changes.
		return
	}
	method := is.AccessMethod
	if method == "" {
		method = "btree"
	}
	ix := &Index{Schema: s.Name, Name: name, Table: t.Name, Columns: indexElemColumns(elems),
		Unique: is.Unique, Primary: is.Primary, Method: method, Include: indexElemColumns(incl),
		Where: exprText(is.WhereClause), Created: o}
	s.Indexes[name] = ix
	if t.Kind != KindPartitioned {
		return
	}
	if !rv.Inh {
		// CREATE INDEX ON ONLY a partitioned table leaves the index invalid
		// until every partition's index is attached to it.
		ix.Invalid = true
		c.revalidate(ix)
		return
	}
	for _, p := range c.Partitions(t) {
		c.attachIndex(ix, t, p, o)
	}
}

// IndexDifferences says how CREATE INDEX is would define an index other
// than ix, which it names (table is the table it would index, as the
// catalog keys it): one phrase per difference ("columns (a, b), not (a)"),
// none when the definitions agree. A placeholder index has no known
// definition to compare: nil.
func IndexDifferences(ix *Index, is *pg_query.IndexStmt, table string) []string {
	if ix.Placeholder {
		return nil
	}
	var elems, incl []*pg_query.IndexElem
	for _, n := range is.IndexParams {
		if e := n.GetIndexElem(); e != nil {
			elems = append(elems, e)
		}
	}
	for _, n := range is.IndexIncludingParams {
		if e := n.GetIndexElem(); e != nil {
			incl = append(incl, e)
		}
	}
	method := is.AccessMethod
	if method == "" {
		method = "btree"
	}
	var out []string
	differ := func(what, existing, written string) {
		if existing != written {
			out = append(out, fmt.Sprintf("%s %s, not %s", what, existing, written))
		}
	}
	differ("on table", ix.Table, table)
	differ("columns", "("+strings.Join(ix.Columns, ", ")+")", "("+strings.Join(indexElemColumns(elems), ", ")+")")
	differ("INCLUDE", "("+strings.Join(ix.Include, ", ")+")", "("+strings.Join(indexElemColumns(incl), ", ")+")")
	differ("method", ix.Method, method)
	differ("WHERE", orNone(ix.Where), orNone(exprText(is.WhereClause)))
	if ix.Unique != is.Unique {
		out = append(out, map[bool]string{true: "unique, not plain", false: "plain, not unique"}[ix.Unique])
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return "(" + s + ")"
}
