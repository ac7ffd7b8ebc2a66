// Package design holds the schema-design policy rules that teams opt into,
// most of them Bytebase SQL Review rules: table and column conventions
// (comments, NOT NULL, required columns, type lists), index limits, system
// allow-lists (encodings, collations) and backward compatibility.
package design

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
)

// IndexKind is the kind of a key a statement defines: a constraint type, or
// PlainIndex for CREATE INDEX without UNIQUE.
const PlainIndex catalog.ConstraintType = "INDEX"

// Key is a primary key, unique key, foreign key, exclusion constraint or
// index that a statement defines, with where it is written.
type Key struct {
	Kind catalog.ConstraintType
	// Name is the name written in the statement ("" when PostgreSQL picks it).
	Name string
	// Table is the table the key is on.
	Table *pg_query.RangeVar
	// Columns are the key columns as written (an expression key is its SQL
	// text); for USING INDEX, the columns of that index when known.
	Columns []string
	// UsingIndex names the index of ADD CONSTRAINT ... USING INDEX.
	UsingIndex string
	// RefTable and RefColumns are a foreign key's target.
	RefTable   *pg_query.RangeVar
	RefColumns []string
	// ColumnLevel is set for a constraint written on a column definition.
	ColumnLevel bool
	// NewTable is set when the statement creates the table (CREATE TABLE).
	NewTable bool
	// Start and End are the byte range of the key's definition.
	Start, End int
}

// Keys returns the keys and indexes a statement defines: CREATE TABLE
// constraints (table and column level), ALTER TABLE ADD CONSTRAINT and
// ADD COLUMN constraints, and CREATE INDEX.
//
// Several rules read the keys of every statement (and an expression key
// costs a deparse), so they share one computation per statement.
func Keys(p *rules.Pass) []Key {
	if p.Stmt == nil {
		return nil
	}
	return p.StmtMemo(keysKey{}, func() any { return KeysOf(p, p.Stmt) }).([]Key)
}

type keysKey struct{}

// KeysOf is Keys for any statement of the file (AtEnd has no Pass.Stmt).
func KeysOf(p *rules.Pass, s *source.Statement) []Key {
	var out []Key
	if s == nil {
		return nil
	}
	add := func(k Key, con *pg_query.Constraint, itemStart int) {
		if con != nil && con.GetLocation() >= 0 {
			loc := s.Abs(con.GetLocation())
			if itemStart < 0 {
				itemStart = loc
			}
			k.Start, k.End = itemStart, s.ItemEnd(loc)
		} else if k.Start == 0 && k.End == 0 {
			k.Start, k.End = s.Start, s.End
		}
		out = append(out, k)
	}
	fromConstraint := func(con *pg_query.Constraint, rel *pg_query.RangeVar, column string) (Key, bool) {
		k := Key{Table: rel, Name: con.GetConname(), ColumnLevel: column != ""}
		switch con.GetContype() {
		case pg_query.ConstrType_CONSTR_PRIMARY:
			k.Kind = catalog.PrimaryKey
			k.Columns = strList(con.GetKeys())
		case pg_query.ConstrType_CONSTR_UNIQUE:
			k.Kind = catalog.Unique
			k.Columns = strList(con.GetKeys())
		case pg_query.ConstrType_CONSTR_FOREIGN:
			k.Kind = catalog.ForeignKey
			k.Columns = strList(con.GetFkAttrs())
			k.RefTable = con.GetPktable()
			k.RefColumns = strList(con.GetPkAttrs())
		case pg_query.ConstrType_CONSTR_EXCLUSION:
			k.Kind = catalog.Exclusion
			for _, ex := range con.GetExclusions() {
				items := ex.GetList().GetItems()
				if len(items) > 0 {
					k.Columns = append(k.Columns, elemName(items[0].GetIndexElem()))
				}
			}
		default:
			return k, false
		}
		if column != "" && len(k.Columns) == 0 {
			k.Columns = []string{column}
		}
		if ix := con.GetIndexname(); ix != "" {
			k.UsingIndex = ix
			if cix := p.Catalog.Index(rel.GetSchemaname(), ix); cix != nil && !cix.Placeholder {
				k.Columns = cix.Columns
			}
		}
		return k, true
	}
	columnKeys := func(cd *pg_query.ColumnDef, rel *pg_query.RangeVar, newTable bool) {
		for _, n := range cd.GetConstraints() {
			if k, ok := fromConstraint(n.GetConstraint(), rel, cd.GetColname()); ok {
				k.NewTable = newTable
				add(k, n.GetConstraint(), -1)
			}
		}
	}
	switch v := s.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		rel := v.CreateStmt.GetRelation()
		for _, el := range v.CreateStmt.GetTableElts() {
			if cd := el.GetColumnDef(); cd != nil {
				columnKeys(cd, rel, true)
			} else if con := el.GetConstraint(); con != nil {
				if k, ok := fromConstraint(con, rel, ""); ok {
					k.NewTable = true
					add(k, con, -1)
				}
			}
		}
	case *pg_query.Node_AlterTableStmt:
		at := v.AlterTableStmt
		if at.GetObjtype() != pg_query.ObjectType_OBJECT_TABLE {
			return nil
		}
		rel := at.GetRelation()
		for _, c := range at.GetCmds() {
			cmd := c.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pg_query.AlterTableType_AT_AddConstraint:
				con := cmd.GetDef().GetConstraint()
				if k, ok := fromConstraint(con, rel, ""); ok && con != nil {
					start := -1
					if con.GetLocation() >= 0 {
						start = s.WordBefore(s.Abs(con.GetLocation()), "ADD")
					}
					add(k, con, start)
				}
			case pg_query.AlterTableType_AT_AddColumn:
				if cd := cmd.GetDef().GetColumnDef(); cd != nil {
					columnKeys(cd, rel, false)
				}
			}
		}
	case *pg_query.Node_IndexStmt:
		is := v.IndexStmt
		k := Key{Kind: PlainIndex, Name: is.GetIdxname(), Table: is.GetRelation(), Start: s.Start, End: s.End}
		if is.GetUnique() {
			k.Kind = catalog.Unique
		}
		if is.GetPrimary() {
			k.Kind = catalog.PrimaryKey
		}
		for _, e := range is.GetIndexParams() {
			k.Columns = append(k.Columns, elemName(e.GetIndexElem()))
		}
		out = append(out, k)
	}
	return out
}

// elemName is an index element's column name, or its expression's text.
func elemName(e *pg_query.IndexElem) string {
	if e.GetName() != "" {
		return e.GetName()
	}
	return source.Deparse(e.GetExpr())
}

// strList returns the String values of a node list.
func strList(ns []*pg_query.Node) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, n.GetString_().GetSval())
	}
	return out
}

// KindName names a key kind for messages.
func KindName(k catalog.ConstraintType) string {
	switch k {
	case catalog.PrimaryKey:
		return "primary key"
	case catalog.Unique:
		return "unique key"
	case catalog.ForeignKey:
		return "foreign key"
	case catalog.Exclusion:
		return "exclusion constraint"
	}
	return "index"
}

// lower is strings.ToLower, for readability.
func lower(s string) string { return strings.ToLower(s) }
