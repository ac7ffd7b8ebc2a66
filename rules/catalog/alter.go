package catalog

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

func (c *Catalog) alterTable(at *pg_query.AlterTableStmt, o Origin) {
	rv := at.Relation
	if rv == nil {
		return
	}
	kind := KindTable
	switch at.Objtype {
	case pg_query.ObjectType_OBJECT_TABLE:
	case pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		kind = KindForeign
	case pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW:
		kind = ""
	case pg_query.ObjectType_OBJECT_TYPE:
		c.alterCompositeType(at, o)
		return
	case pg_query.ObjectType_OBJECT_INDEX:
		c.alterIndex(at)
		return
	default:
		return
	}
	t := c.Table(rv.Schemaname, rv.Relname)
	if t == nil && kind != "" {
		t = c.placeholderTable(rv.Schemaname, rv.Relname, kind)
	}
	if t == nil {
		return
	}
	for _, cn := range at.Cmds {
		if cmd := cn.GetAlterTableCmd(); cmd != nil {
			c.alterTableCmd(t, cmd, rv.Inh, o)
		}
	}
}

func (c *Catalog) alterTableCmd(t *Table, cmd *pg_query.AlterTableCmd, recurse bool, o Origin) {
	s := c.Schemas[t.Schema]
	if s == nil || s.Tables[t.Name] != t {
		return
	}
	cascade := cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE
	// Column changes always reach partitions: PostgreSQL keeps a partition's
	// columns identical to its parent's.
	parts := c.Partitions(t)
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_AddColumn:
		cd := cmd.Def.GetColumnDef()
		if cd == nil || cd.TypeName == nil {
			return
		}
		if col := t.Column(cd.Colname); col != nil {
			if cmd.MissingOk {
				c.mergeConditionalColumn(t, col, cd)
			}
			return
		}
		if cmd.MissingOk && t.ColumnsUnknown {
			// The column may already exist, with any definition: record
			// it as existing, of unknown type, nullability and default,
			// with none of the constraints written here.
			col := &Column{Name: cd.Colname}
			t.appendColumn(col)
			for _, p := range parts {
				c.addInheritedColumn(p, col, o)
			}
			return
		}
		cons := c.defineColumn(s, t, cd, o)
		// Constraints written on a new column are checked when it is added.
		all := func(pg_query.ConstrType) bool { return true }
		c.addConstraints(s, t, cons, o, true, all)
		if col := t.Column(cd.Colname); col != nil {
			for _, p := range parts {
				c.addInheritedColumn(p, col, o)
			}
		}
	case pg_query.AlterTableType_AT_DropColumn:
		c.dropColumn(t, cmd.Name, cascade)
		for _, p := range parts {
			c.alterTableCmd(p, cmd, recurse, o)
		}
	case pg_query.AlterTableType_AT_AlterColumnType:
		cd := cmd.Def.GetColumnDef()
		if col := t.Column(cmd.Name); col != nil && cd != nil && cd.TypeName != nil {
			col.Type = TypeName(cd.TypeName)
			for _, p := range parts {
				c.alterTableCmd(p, cmd, recurse, o)
			}
		}
	case pg_query.AlterTableType_AT_ColumnDefault:
		if col := t.Column(cmd.Name); col != nil {
			col.Default = exprText(cmd.Def)
			if recurse {
				for _, p := range parts {
					c.alterTableCmd(p, cmd, recurse, o)
				}
			}
		}
	case pg_query.AlterTableType_AT_SetNotNull, pg_query.AlterTableType_AT_DropNotNull:
		if col := t.Column(cmd.Name); col != nil {
			col.NotNull = cmd.Subtype == pg_query.AlterTableType_AT_SetNotNull
			c.setNotNullConstraints(t, col.Name, col.NotNull)
			for _, p := range parts {
				c.alterTableCmd(p, cmd, recurse, o)
			}
		}
	case pg_query.AlterTableType_AT_DropExpression:
		if col := t.Column(cmd.Name); col != nil {
			col.Generated = false
		}
	case pg_query.AlterTableType_AT_AddConstraint:
		con := cmd.Def.GetConstraint()
		if con == nil {
			return
		}
		nc := c.addConstraint(s, t, pendingCon{con: con}, o, false)
		if nc == nil {
			return
		}
		switch nc.Type {
		case Check, ForeignKey, NotNullCon:
			if !recurse {
				return
			}
			for _, p := range parts {
				c.inheritConstraint(p, nc, o)
			}
		case PrimaryKey, Unique, Exclusion:
			if ix := s.Indexes[nc.Name]; ix != nil {
				for _, p := range parts {
					c.attachIndex(ix, t, p, o)
				}
			}
		}
	case pg_query.AlterTableType_AT_ValidateConstraint:
		if con := t.Constraint(cmd.Name); con == nil {
			c.placeholderConstraint(t, cmd.Name)
		} else {
			con.Validated = true
			if con.Type == NotNullCon {
				setNotNull(t, con.Columns)
			}
			for _, p := range parts {
				c.alterTableCmd(p, cmd, recurse, o)
			}
		}
	case pg_query.AlterTableType_AT_DropConstraint:
		c.dropConstraint(t, cmd.Name, cascade)
	case pg_query.AlterTableType_AT_AttachPartition:
		pcmd := cmd.Def.GetPartitionCmd()
		child := c.Table(pcmd.GetName().GetSchemaname(), pcmd.GetName().GetRelname())
		if t.Kind != KindPartitioned || child == nil || child.PartitionOf != "" || c.isAncestor(child, t) {
			return
		}
		child.PartitionOf = relRef(t, child.Schema)
		c.inheritPartition(t, child, o)
	case pg_query.AlterTableType_AT_DetachPartition:
		pcmd := cmd.Def.GetPartitionCmd()
		child := c.Table(pcmd.GetName().GetSchemaname(), pcmd.GetName().GetRelname())
		if child == nil || c.PartitionParent(child) != t {
			return
		}
		child.PartitionOf = ""
		for _, ix := range c.TableIndexes(child) {
			ix.Parent = ""
		}
	case pg_query.AlterTableType_AT_AddIdentity:
		col := t.Column(cmd.Name)
		con := cmd.Def.GetConstraint()
		if col == nil || con == nil || col.Identity != "" {
			return
		}
		col.Identity = identityKind(con.GeneratedWhen)
		col.NotNull = true
		c.ownedSequence(s, t, col, o)
	case pg_query.AlterTableType_AT_SetIdentity:
		col := t.Column(cmd.Name)
		if col == nil || col.Identity == "" {
			return
		}
		for _, n := range cmd.Def.GetList().GetItems() {
			if d := n.GetDefElem(); d != nil && d.Defname == "generated" {
				if v, ok := intConst(d.Arg); ok {
					col.Identity = identityKind(string(rune(v)))
				}
			}
		}
	case pg_query.AlterTableType_AT_DropIdentity:
		if col := t.Column(cmd.Name); col != nil && col.Identity != "" {
			col.Identity = ""
			c.dropOwnedSequences(s, t.Name, col.Name)
		}
	case pg_query.AlterTableType_AT_SetLogged:
		t.Unlogged = false
	case pg_query.AlterTableType_AT_SetUnLogged:
		t.Unlogged = true
	}
}

// addInheritedColumn adds a column a parent gained to one of its
// partitions (and theirs).
func (c *Catalog) addInheritedColumn(t *Table, col *Column, o Origin) {
	if t.Column(col.Name) == nil {
		t.appendColumn(&Column{Name: col.Name, Type: col.Type, NotNull: col.NotNull,
			Default: col.Default, Identity: col.Identity, Generated: col.Generated, Created: o})
	}
	for _, p := range c.Partitions(t) {
		c.addInheritedColumn(p, col, o)
	}
}

// inheritConstraint copies a CHECK, FOREIGN KEY or NOT NULL constraint
// added to a partitioned table into a partition, under the same name.
func (c *Catalog) inheritConstraint(t *Table, con *Constraint, o Origin) {
	if t.Constraint(con.Name) == nil {
		cp := cloneConstraint(con)
		cp.Created = o
		c.addCon(t, cp)
		if cp.Type == NotNullCon && cp.Validated {
			setNotNull(t, cp.Columns)
		}
	}
	for _, p := range c.Partitions(t) {
		c.inheritConstraint(p, con, o)
	}
}

// dropColumn removes a column with what PostgreSQL drops along with it:
// indexes and constraints of the table that use it, sequences it owns and,
// with CASCADE, foreign keys of other tables that reference it.
func (c *Catalog) dropColumn(t *Table, name string, cascade bool) {
	i := slices.IndexFunc(t.Columns, func(col *Column) bool { return col.Name == name })
	if i < 0 {
		return
	}
	t.deleteColumnAt(i)
	s := c.Schemas[t.Schema]
	if s == nil {
		return
	}
	for _, ix := range c.TableIndexes(t) {
		if indexUses(ix, name) {
			c.removeIndex(s, ix)
		}
	}
	c.deleteCons(t, func(con *Constraint) bool {
		return slices.Contains(con.Columns, name)
	})
	if cascade {
		c.dropReferencingFKs(t, func(con *Constraint) bool { return slices.Contains(con.RefColumns, name) })
	}
	c.dropOwnedSequences(s, t.Name, name)
}

// indexUses reports whether an index depends on a column: as a key, an
// INCLUDE column, or inside an expression or predicate.
func indexUses(ix *Index, col string) bool {
	if slices.Contains(ix.Columns, col) || slices.Contains(ix.Include, col) {
		return true
	}
	for _, e := range ix.Columns {
		if !isPlainIdent(e) && hasIdent(e, col) {
			return true
		}
	}
	return ix.Where != "" && hasIdent(ix.Where, col)
}

// dropConstraint removes a constraint, its index, inherited copies in
// partitions and, with CASCADE, foreign keys that depend on a dropped
// primary key or unique constraint.
func (c *Catalog) dropConstraint(t *Table, name string, cascade bool) {
	con := t.Constraint(name)
	if con == nil {
		return
	}
	c.deleteCons(t, func(x *Constraint) bool { return x == con })
	s := c.Schemas[t.Schema]
	if s == nil {
		return
	}
	switch con.Type {
	case PrimaryKey, Unique, Exclusion:
		if ix := s.Indexes[name]; ix != nil && ix.Table == t.Name {
			c.removeIndex(s, ix)
		}
		if cascade && con.Type != Exclusion {
			c.dropReferencingFKs(t, func(fk *Constraint) bool { return sameSet(fk.RefColumns, con.Columns) })
		}
	case Check, ForeignKey, NotNullCon:
		if con.Type == NotNullCon && con.Validated {
			for _, n := range con.Columns {
				if col := t.Column(n); col != nil {
					col.NotNull = false
				}
			}
		}
		for _, p := range c.Partitions(t) {
			if pc := p.Constraint(name); pc != nil && pc.Type == con.Type {
				c.dropConstraint(p, name, cascade)
			}
		}
	}
}

// setNotNullConstraints follows SET / DROP NOT NULL on column in
// PostgreSQL 18, where not-null constraints are named catalog entries: SET
// NOT NULL validates a NOT VALID one, DROP NOT NULL removes them.
func (c *Catalog) setNotNullConstraints(t *Table, column string, set bool) {
	isCol := func(con *Constraint) bool {
		return con.Type == NotNullCon && len(con.Columns) == 1 && con.Columns[0] == column
	}
	if !set {
		c.deleteCons(t, isCol)
		return
	}
	for _, con := range t.Constraints {
		if isCol(con) {
			con.Validated = true
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// dropReferencingFKs removes, from every table but t itself, the foreign
// keys that reference t and match.
func (c *Catalog) dropReferencingFKs(t *Table, match func(*Constraint) bool) {
	for _, s := range c.Schemas {
		for _, other := range s.Tables {
			if other == t {
				continue
			}
			c.deleteCons(other, func(con *Constraint) bool {
				return con.Type == ForeignKey && con.RefTable == t.Name && con.RefSchema == t.Schema && match(con)
			})
		}
	}
}

// removeIndex deletes an index, the constraint it backs and the partition
// indexes attached to it.
func (c *Catalog) removeIndex(s *Schema, ix *Index) {
	if s.Indexes[ix.Name] != ix {
		return
	}
	delete(s.Indexes, ix.Name)
	t := s.Tables[ix.Table]
	if t == nil {
		return
	}
	c.deleteCons(t, func(con *Constraint) bool {
		return con.Name == ix.Name && (con.Type == PrimaryKey || con.Type == Unique || con.Type == Exclusion)
	})
	for _, p := range c.Partitions(t) {
		for _, cix := range c.TableIndexes(p) {
			if cix.Parent == ix.Name {
				c.removeIndex(c.Schemas[p.Schema], cix)
			}
		}
	}
}

// dropOwnedSequences drops the sequences owned by table.column (any column
// when column is "").
func (c *Catalog) dropOwnedSequences(s *Schema, table, column string) {
	for name, seq := range s.Sequences {
		if seq.OwnerTable == table && (column == "" || seq.OwnerColumn == column) {
			delete(s.Sequences, name)
		}
	}
}

// alterIndex handles ALTER INDEX parent ATTACH PARTITION child: the parent
// of an ON ONLY index becomes valid once every partition has its index.
func (c *Catalog) alterIndex(at *pg_query.AlterTableStmt) {
	rv := at.Relation
	pix := c.placeholderIndex(rv.Schemaname, rv.Relname)
	if pix == nil {
		return
	}
	for _, cn := range at.Cmds {
		cmd := cn.GetAlterTableCmd()
		if cmd.GetSubtype() != pg_query.AlterTableType_AT_AttachPartition {
			continue
		}
		name := cmd.Def.GetPartitionCmd().GetName()
		cix := c.Index(name.GetSchemaname(), name.GetRelname())
		if cix == nil || cix == pix {
			continue
		}
		cix.Parent = pix.Name
		c.revalidate(pix)
	}
}

// revalidate marks a partitioned index valid when all partitions of its
// table have an attached index.
func (c *Catalog) revalidate(pix *Index) {
	s := c.Schemas[pix.Schema]
	if s == nil || s.Tables[pix.Table] == nil {
		return
	}
	for _, p := range c.Partitions(s.Tables[pix.Table]) {
		found := false
		for _, cix := range c.TableIndexes(p) {
			if cix.Parent == pix.Name && !cix.Invalid {
				found = true
				break
			}
		}
		if !found {
			return
		}
	}
	pix.Invalid = false
}

// alterCompositeType handles ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE.
func (c *Catalog) alterCompositeType(at *pg_query.AlterTableStmt, o Origin) {
	ty := c.Type(at.Relation.Schemaname, at.Relation.Relname)
	if ty == nil || ty.Kind != "composite" {
		return
	}
	for _, cn := range at.Cmds {
		cmd := cn.GetAlterTableCmd()
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddColumn:
			if cd := cmd.Def.GetColumnDef(); cd != nil && cd.TypeName != nil {
				ty.Columns = append(ty.Columns, &Column{Name: cd.Colname, Type: TypeName(cd.TypeName), Created: o})
			}
		case pg_query.AlterTableType_AT_DropColumn:
			ty.Columns = slices.DeleteFunc(ty.Columns, func(col *Column) bool { return col.Name == cmd.Name })
		case pg_query.AlterTableType_AT_AlterColumnType:
			if cd := cmd.Def.GetColumnDef(); cd != nil && cd.TypeName != nil {
				for _, col := range ty.Columns {
					if col.Name == cmd.Name {
						col.Type = TypeName(cd.TypeName)
					}
				}
			}
		}
	}
}

// mergeConditionalColumn records ADD COLUMN IF NOT EXISTS of a column the
// replay already has. The replay is one outcome of the history; a database
// where the earlier migration did not run gets the column as written here.
// The later statements must hold for both, so where the two definitions
// disagree the column keeps what is true of both: an unknown type, NOT NULL
// only when both have it, the default only when both give the same one, and
// only the CHECK constraints on it that both write.
func (c *Catalog) mergeConditionalColumn(t *Table, col *Column, cd *pg_query.ColumnDef) {
	if col.Type != ColumnType(cd.TypeName) {
		col.Type = ""
	}
	if col.NotNull && !columnDefNotNull(cd) {
		col.NotNull = false
	}
	if col.Default != columnDefDefault(cd) {
		col.Default = ""
	}
	both := columnDefChecks(cd)
	c.deleteCons(t, func(con *Constraint) bool {
		return con.Type == Check && slices.Contains(con.Columns, col.Name) && !both[con.Expr]
	})
}

// columnDefDefault is the default expression a column definition gives, as
// Column.Default records it ("" = none).
func columnDefDefault(cd *pg_query.ColumnDef) string {
	def := exprText(cd.RawDefault)
	for _, cn := range cd.Constraints {
		if con := cn.GetConstraint(); con.GetContype() == pg_query.ConstrType_CONSTR_DEFAULT {
			def = exprText(con.RawExpr)
		}
	}
	return def
}

// columnDefChecks are the expressions of the CHECK constraints a column
// definition writes, as Constraint.Expr records them.
func columnDefChecks(cd *pg_query.ColumnDef) map[string]bool {
	out := map[string]bool{}
	for _, cn := range cd.Constraints {
		if con := cn.GetConstraint(); con.GetContype() == pg_query.ConstrType_CONSTR_CHECK {
			out[exprText(con.RawExpr)] = true
		}
	}
	return out
}

// columnDefNotNull reports whether a column definition makes the column
// NOT NULL (NOT NULL, PRIMARY KEY or identity).
func columnDefNotNull(cd *pg_query.ColumnDef) bool {
	notNull := cd.IsNotNull
	for _, cn := range cd.Constraints {
		switch cn.GetConstraint().GetContype() {
		case pg_query.ConstrType_CONSTR_NOTNULL, pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_IDENTITY:
			notNull = true
		case pg_query.ConstrType_CONSTR_NULL:
			notNull = false
		}
	}
	return notNull
}
