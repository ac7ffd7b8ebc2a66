package catalog

import (
	"reflect"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules/source"
)

// panicHook receives a panic recovered in Apply. A bug in the replay of one
// statement must not take down the linter or the language server, so Apply
// swallows it; tests set the hook to re-panic so bugs still surface.
var panicHook func(r any)

// Apply replays one parsed statement into the catalog, the way PostgreSQL
// would execute it on success. It never fails: statements that did not parse,
// that the catalog does not model, or that name unknown objects change
// nothing (an ALTER of an unknown table is a no-op). Objects it creates carry
// origin as their Created field.
func (c *Catalog) Apply(stmt *source.Statement, origin Origin) {
	if c == nil || stmt == nil || stmt.Node == nil {
		return
	}
	defer func() {
		if r := recover(); r != nil && panicHook != nil {
			panicHook(r)
		}
	}()
	c.applyNode(stmt.Node, origin)
	if verifyConIndex {
		c.checkConIndex()
		c.checkColIndexes()
	}
}

// ApplyFile replays every statement of a file in order, with origins
// {File: f.Path, Stmt: index}.
func (c *Catalog) ApplyFile(f *source.File) {
	if c == nil || f == nil {
		return
	}
	for i, st := range f.Statements {
		c.Apply(st, Origin{File: f.Path, Stmt: i})
	}
}

func (c *Catalog) applyNode(n *pg_query.Node, o Origin) {
	if !hasMessage(n) {
		return
	}
	switch v := n.GetNode().(type) {
	case *pg_query.Node_CreateSchemaStmt:
		c.createSchema(v.CreateSchemaStmt, o)
	case *pg_query.Node_CreateStmt:
		c.createTable(v.CreateStmt, KindTable, o)
	case *pg_query.Node_CreateForeignTableStmt:
		c.createTable(v.CreateForeignTableStmt.GetBaseStmt(), KindForeign, o)
	case *pg_query.Node_CreateTableAsStmt:
		c.createTableAs(v.CreateTableAsStmt, o)
	case *pg_query.Node_SelectStmt:
		c.selectStmt(v.SelectStmt, o)
	case *pg_query.Node_ViewStmt:
		c.createView(v.ViewStmt, o)
	case *pg_query.Node_AlterTableStmt:
		c.alterTable(v.AlterTableStmt, o)
	case *pg_query.Node_RenameStmt:
		c.rename(v.RenameStmt)
	case *pg_query.Node_AlterObjectSchemaStmt:
		c.setSchema(v.AlterObjectSchemaStmt)
	case *pg_query.Node_DropStmt:
		c.drop(v.DropStmt)
	case *pg_query.Node_IndexStmt:
		c.createIndex(v.IndexStmt, o)
	case *pg_query.Node_CreateSeqStmt:
		c.createSequence(v.CreateSeqStmt, o)
	case *pg_query.Node_AlterSeqStmt:
		c.alterSequence(v.AlterSeqStmt)
	case *pg_query.Node_CreateEnumStmt:
		c.createEnum(v.CreateEnumStmt, o)
	case *pg_query.Node_AlterEnumStmt:
		c.alterEnum(v.AlterEnumStmt)
	case *pg_query.Node_CreateDomainStmt:
		d := v.CreateDomainStmt
		c.createType(d.Domainname, &Type{Kind: "domain", BaseType: TypeName(d.TypeName)}, o)
	case *pg_query.Node_CompositeTypeStmt:
		c.createComposite(v.CompositeTypeStmt, o)
	case *pg_query.Node_CreateRangeStmt:
		c.createType(v.CreateRangeStmt.TypeName, &Type{Kind: "range"}, o)
	case *pg_query.Node_CommentStmt:
		c.comment(v.CommentStmt)
	case *pg_query.Node_VariableSetStmt:
		c.setVariable(v.VariableSetStmt)
	case *pg_query.Node_CreateFunctionStmt:
		c.createFunction(v.CreateFunctionStmt, o)
	}
}

// hasMessage reports whether a node carries a statement message. The parser
// never produces a node whose message is nil, but a hand-built tree (a
// language server splicing edits, a test) can, and the handlers below read
// message fields directly.
func hasMessage(n *pg_query.Node) bool {
	w := reflect.ValueOf(n.GetNode())
	if !w.IsValid() || w.Kind() != reflect.Pointer || w.IsNil() {
		return false
	}
	e := w.Elem()
	if e.Kind() != reflect.Struct || e.NumField() == 0 {
		return false
	}
	f := e.Field(0)
	return f.Kind() != reflect.Pointer || !f.IsNil()
}

// --- schemas and search path ---

func (c *Catalog) createSchema(cs *pg_query.CreateSchemaStmt, o Origin) {
	name := cs.Schemaname
	if name == "" {
		// CREATE SCHEMA AUTHORIZATION role names the schema after the role.
		name = cs.GetAuthrole().GetRolename()
	}
	if name == "" {
		return
	}
	if _, ok := c.Schemas[name]; ok {
		return
	}
	c.EnsureSchema(name, o)
	if len(cs.SchemaElts) == 0 {
		return
	}
	// Elements of CREATE SCHEMA ... CREATE TABLE ... are created in the new
	// schema whatever the search path says.
	saved := c.SearchPath
	c.SearchPath = append([]string{name}, saved...)
	for _, e := range cs.SchemaElts {
		c.applyNode(e, o)
	}
	c.SearchPath = saved
}

// creationSchema returns the schema an object named schema.x is created in:
// the named one, or the first usable schema of the search path. Schemas named
// but unknown are assumed to exist outside the replay (Created is zero),
// since a successful migration proves they did. It returns nil when
// PostgreSQL would have no schema to create in.
func (c *Catalog) creationSchema(schema string) *Schema {
	if schema != "" {
		if schema == "pg_catalog" || schema == "information_schema" {
			return nil
		}
		if schema == "pg_temp" {
			return c.creationSchema("")
		}
		return c.EnsureSchema(schema, Origin{})
	}
	for _, n := range c.SearchPath {
		if s := c.Schemas[n]; s != nil && n != "pg_catalog" {
			return s
		}
	}
	for _, n := range c.SearchPath {
		if n != "" && n != "$user" && n != "pg_catalog" && n != "pg_temp" && n != "information_schema" {
			return c.EnsureSchema(n, Origin{})
		}
	}
	return nil
}

func (c *Catalog) setVariable(vs *pg_query.VariableSetStmt) {
	if !strings.EqualFold(vs.Name, "search_path") && vs.Kind != pg_query.VariableSetKind_VAR_RESET_ALL {
		return
	}
	switch vs.Kind {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		var path []string
		for _, a := range vs.Args {
			if s := a.GetAConst().GetSval(); s != nil {
				if s.Sval != "" {
					path = append(path, s.Sval)
				}
			} else if cr := a.GetColumnRef(); cr != nil {
				path = append(path, strings.Join(stringList(cr.Fields), "."))
			}
		}
		c.SearchPath = path
	case pg_query.VariableSetKind_VAR_SET_DEFAULT, pg_query.VariableSetKind_VAR_RESET, pg_query.VariableSetKind_VAR_RESET_ALL:
		c.SearchPath = []string{"public"}
	}
}

// selectStmt handles the two SELECTs that change the schema: SELECT INTO and
// the SELECT pg_catalog.set_config('search_path', ...) that pg_dump emits.
func (c *Catalog) selectStmt(sel *pg_query.SelectStmt, o Origin) {
	// In SELECT ... INTO t ... UNION ..., the INTO clause sits on the
	// leftmost arm.
	into := sel.IntoClause
	for l := sel; into == nil && l.Larg != nil; l = l.Larg {
		into = l.Larg.IntoClause
	}
	if into != nil {
		// The output columns ignore the INTO clause, so the tree can be
		// passed as is.
		c.createFromQuery(into, &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}, KindTable, o)
		return
	}
	if len(sel.TargetList) != 1 || len(sel.FromClause) != 0 {
		return
	}
	fc := sel.TargetList[0].GetResTarget().GetVal().GetFuncCall()
	names := stringList(fc.GetFuncname())
	if len(names) == 0 || names[len(names)-1] != "set_config" || len(fc.Args) < 2 {
		return
	}
	key := fc.Args[0].GetAConst().GetSval()
	val := fc.Args[1].GetAConst().GetSval()
	if key == nil || val == nil || !strings.EqualFold(key.Sval, "search_path") {
		return
	}
	c.SearchPath = splitSearchPath(val.Sval)
}

// splitSearchPath parses a search_path setting string: comma-separated,
// optionally double-quoted names; unquoted ones fold to lower case.
func splitSearchPath(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ",") {
		p := strings.TrimSpace(part)
		if p == "" {
			continue
		}
		if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
			p = strings.ReplaceAll(p[1:len(p)-1], `""`, `"`)
		} else {
			p = strings.ToLower(p)
		}
		out = append(out, p)
	}
	return out
}

// --- comments ---

func (c *Catalog) comment(cs *pg_query.CommentStmt) {
	parts := objectNames(cs.Object)
	switch cs.Objtype {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW,
		pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		schema, name := splitLast(parts)
		if t := c.Table(schema, name); t != nil {
			t.Comment = cs.Comment
		}
	case pg_query.ObjectType_OBJECT_COLUMN:
		if len(parts) < 2 {
			return
		}
		schema, name := splitLast(parts[:len(parts)-1])
		if t := c.Table(schema, name); t != nil {
			if col := t.Column(parts[len(parts)-1]); col != nil {
				col.Comment = cs.Comment
			}
		}
	}
}

// objectNames flattens the ways a parse tree names an object: a list of
// strings, a single string or a type name.
func objectNames(n *pg_query.Node) []string {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_List:
		return stringList(v.List.Items)
	case *pg_query.Node_String_:
		return []string{v.String_.Sval}
	case *pg_query.Node_TypeName:
		return stringList(v.TypeName.Names)
	}
	return nil
}

// splitLast splits [db.]schema.name parts into schema and name.
func splitLast(parts []string) (schema, name string) {
	switch len(parts) {
	case 0:
		return "", ""
	case 1:
		return "", parts[0]
	default:
		return parts[len(parts)-2], parts[len(parts)-1]
	}
}

// --- sequences ---

func (c *Catalog) createSequence(cs *pg_query.CreateSeqStmt, o Origin) {
	rv := cs.Sequence
	if rv == nil {
		return
	}
	s := c.creationSchema(rv.Schemaname)
	if s == nil || relNameTaken(s, rv.Relname) {
		return
	}
	seq := &Sequence{Schema: s.Name, Name: rv.Relname, Created: o}
	s.Sequences[seq.Name] = seq
	c.sequenceOptions(seq, cs.Options)
}

func (c *Catalog) alterSequence(as *pg_query.AlterSeqStmt) {
	rv := as.Sequence
	if rv == nil {
		return
	}
	if seq := c.Sequence(rv.Schemaname, rv.Relname); seq != nil {
		c.sequenceOptions(seq, as.Options)
	}
}

// sequenceOptions applies OWNED BY, the only sequence option the catalog
// tracks: it decides what a DROP TABLE or DROP COLUMN takes along.
func (c *Catalog) sequenceOptions(seq *Sequence, opts []*pg_query.Node) {
	for _, on := range opts {
		d := on.GetDefElem()
		if d == nil || d.Defname != "owned_by" {
			continue
		}
		parts := objectNames(d.Arg)
		if len(parts) == 1 && strings.EqualFold(parts[0], "none") || len(parts) < 2 {
			seq.OwnerTable, seq.OwnerColumn = "", ""
			continue
		}
		schema, table := splitLast(parts[:len(parts)-1])
		t := c.Table(schema, table)
		if t == nil || t.Schema != seq.Schema {
			continue
		}
		seq.OwnerTable, seq.OwnerColumn = t.Name, parts[len(parts)-1]
	}
}

// --- types ---

func (c *Catalog) createType(names []*pg_query.Node, t *Type, o Origin) *Type {
	schema, name := qualName(names)
	if name == "" {
		return nil
	}
	s := c.creationSchema(schema)
	if s == nil || s.Types[name] != nil {
		return nil
	}
	t.Schema, t.Name, t.Created = s.Name, name, o
	s.Types[name] = t
	return t
}

func (c *Catalog) createEnum(ce *pg_query.CreateEnumStmt, o Origin) {
	c.createType(ce.TypeName, &Type{Kind: "enum", Values: stringList(ce.Vals)}, o)
}

func (c *Catalog) createComposite(ct *pg_query.CompositeTypeStmt, o Origin) {
	rv := ct.Typevar
	if rv == nil {
		return
	}
	s := c.creationSchema(rv.Schemaname)
	if s == nil || s.Types[rv.Relname] != nil || relNameTaken(s, rv.Relname) {
		return
	}
	t := &Type{Schema: s.Name, Name: rv.Relname, Kind: "composite", Created: o}
	for _, e := range ct.Coldeflist {
		if cd := e.GetColumnDef(); cd != nil {
			t.Columns = append(t.Columns, &Column{Name: cd.Colname, Type: TypeName(cd.TypeName), Created: o})
		}
	}
	s.Types[t.Name] = t
}

func (c *Catalog) alterEnum(ae *pg_query.AlterEnumStmt) {
	schema, name := qualName(ae.TypeName)
	t := c.Type(schema, name)
	if t == nil || t.Kind != "enum" {
		return
	}
	if ae.OldVal != "" {
		for i, v := range t.Values {
			if v == ae.OldVal {
				t.Values[i] = ae.NewVal
			}
		}
		return
	}
	if ae.NewVal == "" {
		return
	}
	for _, v := range t.Values {
		if v == ae.NewVal {
			return
		}
	}
	at := len(t.Values)
	if ae.NewValNeighbor != "" {
		for i, v := range t.Values {
			if v == ae.NewValNeighbor {
				at = i
				if ae.NewValIsAfter {
					at = i + 1
				}
				break
			}
		}
	}
	t.Values = append(t.Values, "")
	copy(t.Values[at+1:], t.Values[at:])
	t.Values[at] = ae.NewVal
}

// --- views and CREATE TABLE AS ---

func (c *Catalog) createView(vs *pg_query.ViewStmt, o Origin) {
	rv := vs.View
	if rv == nil {
		return
	}
	cols, known := c.queryColumns(vs.Query, stringList(vs.Aliases), o)
	s := c.creationSchema(rv.Schemaname)
	if s == nil {
		return
	}
	if old := s.Tables[rv.Relname]; old != nil {
		// OR REPLACE keeps the view's identity (and so its Created origin);
		// only its column list changes.
		if vs.Replace && old.Kind == KindView {
			old.Columns, old.ColumnsUnknown = cols, !known
			old.colIdx = nil
		}
		return
	}
	if relNameTaken(s, rv.Relname) {
		return
	}
	s.Tables[rv.Relname] = &Table{Schema: s.Name, Name: rv.Relname, Kind: KindView, Columns: cols,
		ColumnsUnknown: !known, Created: o, Temp: rv.Relpersistence == "t"}
}

func (c *Catalog) createTableAs(ct *pg_query.CreateTableAsStmt, o Origin) {
	kind := KindTable
	switch ct.Objtype {
	case pg_query.ObjectType_OBJECT_MATVIEW:
		kind = KindMatView
	case pg_query.ObjectType_OBJECT_TABLE:
	default:
		return
	}
	c.createFromQuery(ct.Into, ct.Query, kind, o)
}

func (c *Catalog) createFromQuery(into *pg_query.IntoClause, query *pg_query.Node, kind RelKind, o Origin) {
	rv := into.GetRel()
	if rv == nil {
		return
	}
	s := c.creationSchema(rv.Schemaname)
	if s == nil || relNameTaken(s, rv.Relname) {
		return
	}
	cols, known := c.queryColumns(query, stringList(into.ColNames), o)
	s.Tables[rv.Relname] = &Table{Schema: s.Name, Name: rv.Relname, Kind: kind, Columns: cols,
		ColumnsUnknown: !known, Created: o,
		Unlogged: rv.Relpersistence == "u", Temp: rv.Relpersistence == "t"}
}
