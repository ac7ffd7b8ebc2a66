package catalog

import (
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
