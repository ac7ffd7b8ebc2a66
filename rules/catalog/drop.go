package catalog

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

func (c *Catalog) drop(ds *pg_query.DropStmt) {
	cascade := ds.Behavior == pg_query.DropBehavior_DROP_CASCADE
	for _, obj := range ds.Objects {
		parts := objectNames(obj)
		if len(parts) == 0 {
			continue
		}
		schema, name := splitLast(parts)
		switch ds.RemoveType {
		case pg_query.ObjectType_OBJECT_TABLE:
			c.dropRelation(schema, name, cascade, KindTable, KindPartitioned)
		case pg_query.ObjectType_OBJECT_VIEW:
			c.dropRelation(schema, name, cascade, KindView)
		case pg_query.ObjectType_OBJECT_MATVIEW:
			c.dropRelation(schema, name, cascade, KindMatView)
		case pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
			c.dropRelation(schema, name, cascade, KindForeign)
		case pg_query.ObjectType_OBJECT_INDEX:
			c.dropIndex(schema, name, cascade)
		case pg_query.ObjectType_OBJECT_SEQUENCE:
			c.dropSequence(schema, name, cascade)
		case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
			c.dropType(schema, name, cascade)
		case pg_query.ObjectType_OBJECT_SCHEMA:
			c.dropSchema(parts[len(parts)-1], cascade)
		}
	}
}

func (c *Catalog) dropRelation(schema, name string, cascade bool, kinds ...RelKind) {
	t := c.Table(schema, name)
	if t == nil || !slices.Contains(kinds, t.Kind) {
		// DROP VIEW of a table (and the like) is an error: nothing changes.
		return
	}
	c.dropTable(t, cascade)
}

// dropTable removes a relation with its indexes, the sequences it owns, its
// partitions (always dropped with a partitioned table) and, with CASCADE,
// the foreign keys of other tables that reference it.
func (c *Catalog) dropTable(t *Table, cascade bool) {
	s := c.Schemas[t.Schema]
	if s == nil || s.Tables[t.Name] != t {
		return
	}
	parts := c.Partitions(t)
	c.unindexTable(t)
	delete(s.Tables, t.Name)
	for name, ix := range s.Indexes {
		if ix.Table == t.Name {
			delete(s.Indexes, name)
		}
	}
	c.dropOwnedSequences(s, t.Name, "")
	for _, p := range parts {
		c.dropTable(p, cascade)
	}
	if cascade {
		c.dropReferencingFKs(t, func(*Constraint) bool { return true })
	}
}

func (c *Catalog) dropIndex(schema, name string, cascade bool) {
	ix := c.Index(schema, name)
	if ix == nil {
		return
	}
	s := c.Schemas[ix.Schema]
	t := s.Tables[ix.Table]
	if t != nil {
		if con := t.Constraint(ix.Name); con != nil && (con.Type == PrimaryKey || con.Type == Unique || con.Type == Exclusion) {
			// PostgreSQL refuses to drop an index a constraint needs unless
			// CASCADE drops the constraint too.
			if !cascade {
				return
			}
			c.dropConstraint(t, con.Name, true)
			return
		}
	}
	c.removeIndex(s, ix)
}

func (c *Catalog) dropSequence(schema, name string, cascade bool) {
	seq := c.Sequence(schema, name)
	if seq == nil {
		return
	}
	s := c.Schemas[seq.Schema]
	delete(s.Sequences, seq.Name)
	if !cascade {
		return
	}
	// CASCADE drops the column defaults that call nextval on it.
	for _, t := range s.Tables {
		for _, col := range t.Columns {
			if strings.HasPrefix(col.Default, "nextval(") && strings.Contains(col.Default, seq.Name+"'") {
				col.Default = ""
			}
		}
	}
}

func (c *Catalog) dropType(schema, name string, cascade bool) {
	ty := c.Type(schema, name)
	if ty == nil {
		return
	}
	delete(c.Schemas[ty.Schema].Types, ty.Name)
	if !cascade {
		return
	}
	// CASCADE drops the columns of that type.
	for _, s := range c.Schemas {
		for _, t := range s.Tables {
			for _, col := range slices.Clone(t.Columns) {
				if c.typeIs(col.Type, ty) {
					c.dropColumn(t, col.Name, true)
				}
			}
		}
		for _, other := range s.Types {
			other.Columns = slices.DeleteFunc(other.Columns, func(col *Column) bool { return c.typeIs(col.Type, ty) })
		}
	}
}

// typeIs reports whether a column type string names the user-defined type
// (or an array of it).
func (c *Catalog) typeIs(colType string, ty *Type) bool {
	schema, name := typeRef(colType)
	if name != ty.Name {
		return false
	}
	if schema != "" {
		return schema == ty.Schema
	}
	return slices.Contains(c.SearchPath, ty.Schema)
}

func (c *Catalog) dropSchema(name string, cascade bool) {
	s := c.Schemas[name]
	if s == nil {
		return
	}
	if cascade {
		for _, ty := range s.Types {
			c.dropType(ty.Schema, ty.Name, true)
		}
		for _, t := range s.Tables {
			c.dropReferencingFKs(t, func(*Constraint) bool { return true })
		}
	}
	delete(c.Schemas, name)
}

// --- renames ---

func (c *Catalog) rename(rs *pg_query.RenameStmt) {
	switch rs.RenameType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_FOREIGN_TABLE, pg_query.ObjectType_OBJECT_INDEX, pg_query.ObjectType_OBJECT_SEQUENCE:
		if rs.Relation != nil && rs.Newname != "" {
			if rs.RenameType == pg_query.ObjectType_OBJECT_INDEX {
				c.placeholderIndex(rs.Relation.Schemaname, rs.Relation.Relname)
			}
			c.renameRelation(rs.Relation.Schemaname, rs.Relation.Relname, rs.Newname, rs.RenameType)
		}
	case pg_query.ObjectType_OBJECT_COLUMN:
		if rs.Relation == nil || rs.Newname == "" {
			return
		}
		if t := c.Table(rs.Relation.Schemaname, rs.Relation.Relname); t != nil {
			c.renameColumn(t, rs.Subname, rs.Newname)
		}
	case pg_query.ObjectType_OBJECT_ATTRIBUTE:
		if rs.Relation == nil {
			return
		}
		if ty := c.Type(rs.Relation.Schemaname, rs.Relation.Relname); ty != nil {
			for _, col := range ty.Columns {
				if col.Name == rs.Subname {
					col.Name = rs.Newname
				}
			}
		}
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		if rs.Relation == nil || rs.Newname == "" {
			return
		}
		if t := c.Table(rs.Relation.Schemaname, rs.Relation.Relname); t != nil {
			c.renameConstraint(t, rs.Subname, rs.Newname)
		}
	case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
		schema, name := splitLast(objectNames(rs.Object))
		if ty := c.Type(schema, name); ty != nil && rs.Newname != "" {
			c.renameType(ty, ty.Schema, rs.Newname)
		}
	case pg_query.ObjectType_OBJECT_SCHEMA:
		c.renameSchema(rs.Subname, rs.Newname)
	}
}

// renameRelation renames a table, view, index or sequence. ALTER TABLE
// RENAME works on any of them in PostgreSQL, so the kind only sets the
// order of the lookup.
func (c *Catalog) renameRelation(schema, old, new string, kind pg_query.ObjectType) {
	tryIndex := func() bool {
		ix := c.Index(schema, old)
		if ix == nil {
			return false
		}
		s := c.Schemas[ix.Schema]
		if !relNameTaken(s, new) {
			c.renameIndexEntry(s, ix, new)
		}
		return true
	}
	trySeq := func() bool {
		seq := c.Sequence(schema, old)
		if seq == nil {
			return false
		}
		s := c.Schemas[seq.Schema]
		if !relNameTaken(s, new) {
			c.renameSequence(s, seq, new)
		}
		return true
	}
	tryTable := func() bool {
		t := c.Table(schema, old)
		if t == nil {
			return false
		}
		if s := c.Schemas[t.Schema]; !relNameTaken(s, new) {
			c.renameTable(s, t, new)
		}
		return true
	}
	order := []func() bool{tryTable, tryIndex, trySeq}
	switch kind {
	case pg_query.ObjectType_OBJECT_INDEX:
		order = []func() bool{tryIndex, tryTable, trySeq}
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		order = []func() bool{trySeq, tryTable, tryIndex}
	}
	for _, f := range order {
		if f() {
			return
		}
	}
}

// renameTable renames a relation and every reference to it by name:
// indexes, owned sequences, partitions and foreign keys.
func (c *Catalog) renameTable(s *Schema, t *Table, new string) {
	old := t.Name
	parts := c.Partitions(t)
	delete(s.Tables, old)
	t.Name = new
	s.Tables[new] = t
	for _, ix := range s.Indexes {
		if ix.Table == old {
			ix.Table = new
		}
	}
	for _, seq := range s.Sequences {
		if seq.OwnerTable == old {
			seq.OwnerTable = new
		}
	}
	for _, p := range parts {
		p.PartitionOf = relRef(t, p.Schema)
	}
	c.forEachFK(func(con *Constraint) {
		if con.RefSchema == s.Name && con.RefTable == old {
			con.RefTable = new
		}
	})
}

func (c *Catalog) forEachFK(fn func(*Constraint)) {
	for _, s := range c.Schemas {
		for _, t := range s.Tables {
			for _, con := range t.Constraints {
				if con.Type == ForeignKey {
					fn(con)
				}
			}
		}
	}
}

// renameIndexEntry renames an index together with the constraint it backs,
// as PostgreSQL does in both directions.
func (c *Catalog) renameIndexEntry(s *Schema, ix *Index, new string) {
	old := ix.Name
	t := s.Tables[ix.Table]
	var children []*Index
	if t != nil {
		for _, p := range c.Partitions(t) {
			for _, cix := range c.TableIndexes(p) {
				if cix.Parent == old {
					children = append(children, cix)
				}
			}
		}
		if con := t.Constraint(old); con != nil && (con.Type == PrimaryKey || con.Type == Unique || con.Type == Exclusion) {
			c.renameCon(t, con, new)
		}
	}
	delete(s.Indexes, old)
	ix.Name = new
	s.Indexes[new] = ix
	for _, cix := range children {
		cix.Parent = new
	}
}

// renameSequence renames a sequence; column defaults print the new name,
// since PostgreSQL stores them by OID.
func (c *Catalog) renameSequence(s *Schema, seq *Sequence, new string) {
	oldRef := c.seqRef(seq)
	delete(s.Sequences, seq.Name)
	seq.Name = new
	s.Sequences[new] = seq
	newRef := c.seqRef(seq)
	for _, t := range s.Tables {
		for _, col := range t.Columns {
			if strings.HasPrefix(col.Default, "nextval(") {
				col.Default = strings.Replace(col.Default, "'"+oldRef+"'", "'"+newRef+"'", 1)
			}
		}
	}
}

// renameColumn renames a column in the table, its partitions, its indexes,
// constraints and owned sequences, and in foreign keys that reference it.
func (c *Catalog) renameColumn(t *Table, old, new string) {
	col := t.Column(old)
	if col == nil || t.Column(new) != nil {
		return
	}
	t.setColumnName(col, new)
	for _, con := range t.Constraints {
		renameIn(con.Columns, old, new)
		if con.Expr != "" {
			con.Expr = renameIdent(con.Expr, old, new)
		}
		if con.Type == ForeignKey && con.RefTable == t.Name && con.RefSchema == t.Schema {
			renameIn(con.RefColumns, old, new)
		}
	}
	s := c.Schemas[t.Schema]
	if s == nil {
		return
	}
	for _, ix := range c.TableIndexes(t) {
		for i, e := range ix.Columns {
			if e == old {
				ix.Columns[i] = new
			} else if !isPlainIdent(e) {
				ix.Columns[i] = renameIdent(e, old, new)
			}
		}
		renameIn(ix.Include, old, new)
		if ix.Where != "" {
			ix.Where = renameIdent(ix.Where, old, new)
		}
	}
	for _, seq := range s.Sequences {
		if seq.OwnerTable == t.Name && seq.OwnerColumn == old {
			seq.OwnerColumn = new
		}
	}
	for _, other := range c.allTables() {
		if other == t {
			continue
		}
		for _, con := range other.Constraints {
			if con.Type == ForeignKey && con.RefTable == t.Name && con.RefSchema == t.Schema {
				renameIn(con.RefColumns, old, new)
			}
		}
	}
	for _, p := range c.Partitions(t) {
		c.renameColumn(p, old, new)
	}
}

func (c *Catalog) allTables() []*Table {
	var out []*Table
	for _, s := range c.Schemas {
		for _, t := range s.Tables {
			out = append(out, t)
		}
	}
	return out
}

func renameIn(list []string, old, new string) {
	for i, v := range list {
		if v == old {
			list[i] = new
		}
	}
}

func (c *Catalog) renameConstraint(t *Table, old, new string) {
	con := t.Constraint(old)
	if con == nil || t.Constraint(new) != nil {
		return
	}
	s := c.Schemas[t.Schema]
	if s != nil && (con.Type == PrimaryKey || con.Type == Unique || con.Type == Exclusion) {
		if ix := s.Indexes[old]; ix != nil && ix.Table == t.Name {
			if relNameTaken(s, new) {
				return
			}
			c.renameIndexEntry(s, ix, new)
			return
		}
	}
	c.renameCon(t, con, new)
}

// renameType renames or moves a type; column types spell its new name.
func (c *Catalog) renameType(ty *Type, newSchema, newName string) {
	ns := c.Schemas[newSchema]
	if ns == nil || ns.Types[newName] != nil {
		return
	}
	var users []*Column
	for _, s := range c.Schemas {
		for _, t := range s.Tables {
			for _, col := range t.Columns {
				if c.typeIs(col.Type, ty) {
					users = append(users, col)
				}
			}
		}
		for _, other := range s.Types {
			for _, col := range other.Columns {
				if c.typeIs(col.Type, ty) {
					users = append(users, col)
				}
			}
		}
	}
	delete(c.Schemas[ty.Schema].Types, ty.Name)
	ty.Schema, ty.Name = newSchema, newName
	ns.Types[newName] = ty
	for _, col := range users {
		col.Type = c.retype(col.Type, ty)
	}
}

// retype rewrites a column type string to name ty, keeping array suffix and
// typmods. It stays unqualified only when it was and the type's schema is on
// the search path.
func (c *Catalog) retype(old string, ty *Type) string {
	suffix := ""
	base := old
	if strings.HasSuffix(base, "[]") {
		suffix, base = "[]", strings.TrimSuffix(base, "[]")
	}
	if i := strings.IndexByte(base, '('); i >= 0 {
		suffix = base[i:] + suffix
		base = base[:i]
	}
	if strings.Contains(base, ".") || !slices.Contains(c.SearchPath, ty.Schema) {
		return ty.Schema + "." + ty.Name + suffix
	}
	return ty.Name + suffix
}

// renameSchema renames a schema and every reference that spells its name.
func (c *Catalog) renameSchema(old, new string) {
	s := c.Schemas[old]
	if s == nil || new == "" || c.Schemas[new] != nil {
		return
	}
	delete(c.Schemas, old)
	s.Name = new
	c.Schemas[new] = s
	for _, t := range s.Tables {
		t.Schema = new
	}
	for _, ix := range s.Indexes {
		ix.Schema = new
	}
	for _, seq := range s.Sequences {
		seq.Schema = new
	}
	for _, ty := range s.Types {
		ty.Schema = new
	}
	for _, t := range c.allTables() {
		for _, con := range t.Constraints {
			if con.RefSchema == old {
				con.RefSchema = new
			}
		}
		if strings.HasPrefix(t.PartitionOf, old+".") {
			t.PartitionOf = new + t.PartitionOf[len(old):]
		}
		for _, col := range t.Columns {
			if strings.HasPrefix(col.Type, old+".") {
				col.Type = new + col.Type[len(old):]
			}
		}
	}
	for _, t := range s.Tables {
		if p := c.PartitionParent(t); p != nil {
			t.PartitionOf = relRef(p, t.Schema)
		}
	}
}

// --- SET SCHEMA ---

func (c *Catalog) setSchema(as *pg_query.AlterObjectSchemaStmt) {
	if as.Newschema == "" {
		return
	}
	switch as.ObjectType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW,
		pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		if as.Relation == nil {
			return
		}
		if t := c.Table(as.Relation.Schemaname, as.Relation.Relname); t != nil {
			c.moveTable(t, as.Newschema)
		}
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		if as.Relation == nil {
			return
		}
		seq := c.Sequence(as.Relation.Schemaname, as.Relation.Relname)
		if seq == nil || seq.OwnerTable != "" {
			return // an owned sequence moves only with its table
		}
		ns := c.EnsureSchema(as.Newschema, Origin{})
		if relNameTaken(ns, seq.Name) {
			return
		}
		delete(c.Schemas[seq.Schema].Sequences, seq.Name)
		seq.Schema = ns.Name
		ns.Sequences[seq.Name] = seq
	case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
		schema, name := splitLast(objectNames(as.Object))
		if ty := c.Type(schema, name); ty != nil && ty.Schema != as.Newschema {
			c.EnsureSchema(as.Newschema, Origin{})
			c.renameType(ty, as.Newschema, ty.Name)
		}
	}
}

// moveTable moves a table to another schema with its indexes and owned
// sequences, as ALTER TABLE SET SCHEMA does.
func (c *Catalog) moveTable(t *Table, schema string) {
	os := c.Schemas[t.Schema]
	if os == nil || t.Schema == schema {
		return
	}
	ns := c.EnsureSchema(schema, Origin{})
	if relNameTaken(ns, t.Name) {
		return
	}
	parent := c.PartitionParent(t)
	parts := c.Partitions(t)
	oldSchema := t.Schema
	c.unindexTable(t)
	delete(os.Tables, t.Name)
	t.Schema = ns.Name
	ns.Tables[t.Name] = t
	c.indexTable(t)
	for name, ix := range os.Indexes {
		if ix.Table == t.Name && !relNameTaken(ns, name) {
			delete(os.Indexes, name)
			ix.Schema = ns.Name
			ns.Indexes[name] = ix
		}
	}
	for name, seq := range os.Sequences {
		if seq.OwnerTable == t.Name && !relNameTaken(ns, name) {
			delete(os.Sequences, name)
			seq.Schema = ns.Name
			ns.Sequences[name] = seq
			if !slices.Contains(c.SearchPath, oldSchema) || !slices.Contains(c.SearchPath, ns.Name) {
				c.requalifyDefaults(t, oldSchema, seq)
			}
		}
	}
	if parent != nil {
		t.PartitionOf = relRef(parent, t.Schema)
	}
	for _, p := range parts {
		p.PartitionOf = relRef(t, p.Schema)
	}
	c.forEachFK(func(con *Constraint) {
		if con.RefSchema == oldSchema && con.RefTable == t.Name {
			con.RefSchema = ns.Name
		}
	})
}

// requalifyDefaults rewrites nextval defaults of t after its sequence moved
// from oldSchema, since the printed name depends on the search path.
func (c *Catalog) requalifyDefaults(t *Table, oldSchema string, seq *Sequence) {
	moved := *seq
	moved.Schema = oldSchema
	oldRef, newRef := c.seqRef(&moved), c.seqRef(seq)
	for _, col := range t.Columns {
		if strings.HasPrefix(col.Default, "nextval(") {
			col.Default = strings.Replace(col.Default, "'"+oldRef+"'", "'"+newRef+"'", 1)
		}
	}
}
