package catalog

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// TableLikeOption bits of CREATE TABLE ... (LIKE src INCLUDING ...), from
// PostgreSQL's parsenodes.h.
const (
	likeComments    = 1 << 0
	likeConstraints = 1 << 2
	likeDefaults    = 1 << 3
	likeGenerated   = 1 << 4
	likeIdentity    = 1 << 5
	likeIndexes     = 1 << 6
)

// pendingCon is a constraint waiting to be added; column is set for a
// column constraint, whose key list is implicit.
type pendingCon struct {
	con    *pg_query.Constraint
	column string
}

func (c *Catalog) createTable(cs *pg_query.CreateStmt, kind RelKind, o Origin) {
	rv := cs.GetRelation()
	if rv == nil {
		return
	}
	s := c.creationSchema(rv.Schemaname)
	// An existing name makes both CREATE TABLE IF NOT EXISTS and plain
	// CREATE TABLE (which fails) a no-op.
	if s == nil || relNameTaken(s, rv.Relname) {
		return
	}
	t := &Table{Schema: s.Name, Name: rv.Relname, Kind: kind, Created: o,
		Unlogged: rv.Relpersistence == "u", Temp: rv.Relpersistence == "t" || rv.Schemaname == "pg_temp"}
	if cs.Partspec != nil {
		t.Kind = KindPartitioned
	}
	s.Tables[t.Name] = t

	var parents []*Table
	for _, inh := range cs.InhRelations {
		p := c.Table(inh.GetRangeVar().GetSchemaname(), inh.GetRangeVar().GetRelname())
		if p == nil {
			// Inherited columns are unknown, so the column list is too.
			t.ColumnsUnknown = true
			continue
		}
		parents = append(parents, p)
		if p.ColumnsUnknown {
			t.ColumnsUnknown = true
		}
		for _, pc := range p.Columns {
			if t.Column(pc.Name) != nil {
				continue
			}
			t.appendColumn(&Column{Name: pc.Name, Type: pc.Type, NotNull: pc.NotNull,
				Default: pc.Default, Identity: pc.Identity, Generated: pc.Generated, Created: o})
		}
	}
	var partParent *Table
	if cs.Partbound != nil && len(parents) == 1 {
		partParent = parents[0]
		t.PartitionOf = relRef(partParent, t.Schema)
	} else if cs.Partbound != nil && len(cs.InhRelations) == 1 {
		// The parent is unknown, but the table is still a partition of it.
		prv := cs.InhRelations[0].GetRangeVar()
		t.PartitionOf = prv.GetRelname()
		if s := prv.GetSchemaname(); s != "" && s != t.Schema {
			t.PartitionOf = s + "." + t.PartitionOf
		}
	}
	if cs.OfTypename != nil {
		schema, name := qualName(cs.OfTypename.Names)
		if ty := c.Type(schema, name); ty != nil && ty.Kind == "composite" {
			for _, tc := range ty.Columns {
				t.appendColumn(&Column{Name: tc.Name, Type: tc.Type, Created: o})
			}
		} else {
			t.ColumnsUnknown = true
		}
	}

	var cons []pendingCon
	var likes []*pg_query.TableLikeClause
	for _, e := range cs.TableElts {
		switch v := e.GetNode().(type) {
		case *pg_query.Node_ColumnDef:
			cons = append(cons, c.defineColumn(s, t, v.ColumnDef, o)...)
		case *pg_query.Node_Constraint:
			cons = append(cons, pendingCon{con: v.Constraint})
		case *pg_query.Node_TableLikeClause:
			c.likeColumns(t, v.TableLikeClause, o)
			likes = append(likes, v.TableLikeClause)
		}
	}
	for _, cn := range cs.Constraints {
		if con := cn.GetConstraint(); con != nil {
			cons = append(cons, pendingCon{con: con})
		}
	}
	// Inherited CHECK constraints keep their names; PostgreSQL also keeps
	// them for partitions.
	for _, p := range parents {
		for _, pc := range p.Constraints {
			if pc.Type == Check && t.Constraint(pc.Name) == nil {
				cp := cloneConstraint(pc)
				cp.Created, cp.Validated = o, true
				c.addCon(t, cp)
			}
		}
	}
	// PostgreSQL names CHECK constraints while creating the heap, then
	// builds the primary key, then the other indexes, then foreign keys;
	// following the same order gives the same numbered names on clashes.
	// Partitions receive their parent's indexes and foreign keys first.
	c.addConstraints(s, t, cons, o, true, func(ct pg_query.ConstrType) bool {
		return ct == pg_query.ConstrType_CONSTR_CHECK || ct == pg_query.ConstrType_CONSTR_NOTNULL
	})
	if partParent != nil {
		c.inheritPartition(partParent, t, o)
	}
	c.addConstraints(s, t, cons, o, true, func(ct pg_query.ConstrType) bool { return ct == pg_query.ConstrType_CONSTR_PRIMARY })
	c.addConstraints(s, t, cons, o, true, func(ct pg_query.ConstrType) bool {
		return ct == pg_query.ConstrType_CONSTR_UNIQUE || ct == pg_query.ConstrType_CONSTR_EXCLUSION
	})
	for _, l := range likes {
		c.likeIndexes(t, l, o)
	}
	c.addConstraints(s, t, cons, o, true, func(ct pg_query.ConstrType) bool { return ct == pg_query.ConstrType_CONSTR_FOREIGN })
}

// relRef names rel as seen from schema: unqualified in the same schema.
func relRef(rel *Table, schema string) string {
	if rel.Schema == schema {
		return rel.Name
	}
	return rel.Schema + "." + rel.Name
}

// defineColumn adds (or, for PARTITION OF ... (col WITH OPTIONS ...),
// updates) a column of a table being created or altered, creating its
// serial or identity sequence, and returns its table-level constraints.
func (c *Catalog) defineColumn(s *Schema, t *Table, cd *pg_query.ColumnDef, o Origin) []pendingCon {
	if cd == nil || cd.Colname == "" {
		return nil
	}
	col := t.Column(cd.Colname)
	isNew := col == nil
	if isNew {
		if cd.TypeName == nil {
			return nil
		}
		col = &Column{Name: cd.Colname, Type: TypeName(cd.TypeName), Created: o}
		t.appendColumn(col)
	}
	if cd.IsNotNull {
		col.NotNull = true
	}
	if cd.RawDefault != nil {
		col.Default = exprText(cd.RawDefault)
	}
	needSeq := false
	var cons []pendingCon
	for _, cn := range cd.Constraints {
		con := cn.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pg_query.ConstrType_CONSTR_NULL:
			col.NotNull = false
		case pg_query.ConstrType_CONSTR_DEFAULT:
			col.Default = exprText(con.RawExpr)
		case pg_query.ConstrType_CONSTR_IDENTITY:
			col.Identity = identityKind(con.GeneratedWhen)
			col.NotNull = true // identity columns are implicitly NOT NULL
			needSeq = true
		case pg_query.ConstrType_CONSTR_GENERATED:
			col.Generated = true
		case pg_query.ConstrType_CONSTR_CHECK, pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE,
			pg_query.ConstrType_CONSTR_EXCLUSION, pg_query.ConstrType_CONSTR_FOREIGN:
			cons = append(cons, pendingCon{con: con, column: col.Name})
		}
	}
	if isNew {
		if typ, ok := serialType(cd.TypeName); ok {
			col.Type, col.NotNull = typ, true
			seq := c.ownedSequence(s, t, col, o)
			col.Default = "nextval('" + c.seqRef(seq) + "'::regclass)"
		} else if needSeq {
			c.ownedSequence(s, t, col, o)
		}
	}
	return cons
}

func identityKind(when string) string {
	if when == "a" {
		return "always"
	}
	return "by default"
}

// ownedSequence creates the sequence behind a serial or identity column,
// named like PostgreSQL names it: <table>_<column>_seq, numbered on clashes.
func (c *Catalog) ownedSequence(s *Schema, t *Table, col *Column, o Origin) *Sequence {
	name := chooseRelationName(s, t.Name, col.Name, "seq", false)
	seq := &Sequence{Schema: s.Name, Name: name, OwnerTable: t.Name, OwnerColumn: col.Name, Created: o}
	s.Sequences[name] = seq
	return seq
}

// seqRef is how a regclass literal prints the sequence: unqualified when its
// schema is on the search path.
func (c *Catalog) seqRef(seq *Sequence) string {
	if slices.Contains(c.SearchPath, seq.Schema) {
		return quoteIdent(seq.Name)
	}
	return quoteIdent(seq.Schema) + "." + quoteIdent(seq.Name)
}

// likeColumns copies the columns of CREATE TABLE ... (LIKE src): types and
// NOT NULL always, defaults, identity and generation when included.
func (c *Catalog) likeColumns(t *Table, l *pg_query.TableLikeClause, o Origin) {
	src := c.Table(l.GetRelation().GetSchemaname(), l.GetRelation().GetRelname())
	if src == nil || src.ColumnsUnknown {
		t.ColumnsUnknown = true
		return
	}
	s := c.Schemas[t.Schema]
	for _, sc := range src.Columns {
		if t.Column(sc.Name) != nil {
			continue
		}
		col := &Column{Name: sc.Name, Type: sc.Type, NotNull: sc.NotNull, Created: o}
		if l.Options&likeDefaults != 0 && !strings.HasPrefix(sc.Default, "nextval(") {
			col.Default = sc.Default
		}
		if l.Options&likeGenerated != 0 {
			col.Generated = sc.Generated
		}
		if l.Options&likeComments != 0 {
			col.Comment = sc.Comment
		}
		t.appendColumn(col)
		if l.Options&likeIdentity != 0 && sc.Identity != "" {
			col.Identity = sc.Identity
			c.ownedSequence(s, t, col, o)
		}
	}
	if l.Options&likeComments != 0 {
		t.Comment = src.Comment
	}
	if l.Options&likeConstraints != 0 {
		for _, sc := range src.Constraints {
			if sc.Type == Check && t.Constraint(sc.Name) == nil {
				cp := cloneConstraint(sc)
				cp.Created = o
				c.addCon(t, cp)
			}
		}
	}
}

// likeIndexes copies the source's indexes for LIKE ... INCLUDING INDEXES,
// with names chosen for the new table; primary key and unique constraints
// come along with their indexes.
func (c *Catalog) likeIndexes(t *Table, l *pg_query.TableLikeClause, o Origin) {
	if l.Options&likeIndexes == 0 {
		return
	}
	src := c.Table(l.GetRelation().GetSchemaname(), l.GetRelation().GetRelname())
	if src == nil {
		return
	}
	for _, six := range c.TableIndexes(src) {
		c.copyIndex(six, src, t, "", o)
	}
}

// copyIndex creates on dst an index like ix of src (and its constraint,
// when ix backs one), named for dst. parent is set for partition indexes.
func (c *Catalog) copyIndex(ix *Index, src, dst *Table, parent string, o Origin) *Index {
	ds := c.Schemas[dst.Schema]
	if ds == nil {
		return nil
	}
	con := src.Constraint(ix.Name)
	if con != nil && con.Type != PrimaryKey && con.Type != Unique && con.Type != Exclusion {
		con = nil
	}
	if con != nil && con.Type == PrimaryKey && dst.PrimaryKey() != nil {
		return nil
	}
	cols := append(indexNameColumns(ix.Columns), indexNameColumns(ix.Include)...)
	name := chooseIndexName(ds, dst.Name, cols, ix.Primary, con != nil && con.Type == Exclusion, con != nil)
	nix := &Index{Schema: ds.Name, Name: name, Table: dst.Name, Columns: slices.Clone(ix.Columns),
		Unique: ix.Unique, Primary: ix.Primary, Method: ix.Method, Include: slices.Clone(ix.Include),
		Where: ix.Where, Parent: parent, Created: o}
	ds.Indexes[name] = nix
	if con != nil {
		c.addCon(dst, &Constraint{Name: name, Type: con.Type,
			Columns: slices.Clone(con.Columns), Validated: true, Created: o})
		if con.Type == PrimaryKey {
			setNotNull(dst, con.Columns)
		}
	}
	return nix
}

// indexNameColumns turns stored index columns back into the names
// PostgreSQL uses when naming an index: expressions become their function
// name, or "expr".
func indexNameColumns(cols []string) []string {
	out := make([]string, 0, len(cols))
	for _, col := range cols {
		if isPlainIdent(col) {
			out = append(out, col)
			continue
		}
		if i := strings.IndexByte(col, '('); i > 0 && isPlainIdent(col[:i]) {
			name := col[:i]
			if j := strings.LastIndexByte(name, '.'); j >= 0 {
				name = name[j+1:]
			}
			out = append(out, name)
			continue
		}
		out = append(out, "expr")
	}
	return out
}

func isPlainIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch == '_' || ch == '.' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch >= 0x80) {
			return false
		}
	}
	return true
}

func setNotNull(t *Table, cols []string) {
	for _, n := range cols {
		if col := t.Column(n); col != nil {
			col.NotNull = true
		}
	}
}

// addConstraints adds the pending constraints whose type passes keep.
// inCreate marks CREATE TABLE, where NOT VALID is meaningless: the new table
// is empty, so every constraint is valid.
func (c *Catalog) addConstraints(s *Schema, t *Table, cons []pendingCon, o Origin, inCreate bool, keep func(pg_query.ConstrType) bool) {
	for _, pc := range cons {
		if keep(pc.con.Contype) {
			c.addConstraint(s, t, pc, o, inCreate)
		}
	}
}

func (c *Catalog) addConstraint(s *Schema, t *Table, pc pendingCon, o Origin, inCreate bool) *Constraint {
	con := pc.con
	if con.Conname != "" && t.Constraint(con.Conname) != nil {
		return nil
	}
	validated := inCreate || !con.SkipValidation
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_CHECK:
		refs := columnRefs(con.RawExpr)
		name := con.Conname
		if name == "" {
			one := ""
			if len(refs) == 1 {
				one = refs[0]
			}
			name = chooseConstraintName(s, t.Name, one, "check")
		}
		nc := &Constraint{Name: name, Type: Check, Columns: refs, Validated: validated,
			Expr: exprText(con.RawExpr), Created: o}
		c.addCon(t, nc)
		return nc
	case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE, pg_query.ConstrType_CONSTR_EXCLUSION:
		return c.addIndexConstraint(s, t, pc, o)
	case pg_query.ConstrType_CONSTR_NOTNULL:
		return c.addNotNullConstraint(s, t, con, validated, o)
	case pg_query.ConstrType_CONSTR_FOREIGN:
		cols := stringList(con.FkAttrs)
		if len(cols) == 0 && pc.column != "" {
			cols = []string{pc.column}
		}
		nc := &Constraint{Type: ForeignKey, Columns: cols, Validated: validated,
			OnDelete: fkAction(con.FkDelAction), Created: o}
		if rv := con.Pktable; rv != nil {
			nc.RefSchema, nc.RefTable = rv.Schemaname, rv.Relname
			if ref := c.Table(rv.Schemaname, rv.Relname); ref != nil {
				nc.RefSchema = ref.Schema
				nc.RefColumns = stringList(con.PkAttrs)
				if len(nc.RefColumns) == 0 {
					if pk := ref.PrimaryKey(); pk != nil {
						nc.RefColumns = slices.Clone(pk.Columns)
					}
				}
			} else {
				nc.RefColumns = stringList(con.PkAttrs)
			}
		}
		nc.Name = con.Conname
		if nc.Name == "" {
			nc.Name = chooseConstraintName(s, t.Name, nameAddition(cols), "fkey")
		}
		c.addCon(t, nc)
		return nc
	}
	return nil
}

// addNotNullConstraint adds a table-level NOT NULL constraint (PostgreSQL
// 18: [CONSTRAINT name] NOT NULL col [NOT VALID]). Column-level NOT NULL is
// only Column.NotNull; the table-level form is also a named constraint,
// because later statements validate or drop it by that name. The column is
// NOT NULL once the constraint is valid: at once, or at VALIDATE CONSTRAINT.
func (c *Catalog) addNotNullConstraint(s *Schema, t *Table, con *pg_query.Constraint, validated bool, o Origin) *Constraint {
	cols := stringList(con.Keys)
	if len(cols) != 1 || (t.Column(cols[0]) == nil && !t.ColumnsUnknown) {
		return nil
	}
	name := con.Conname
	if name == "" {
		name = chooseConstraintName(s, t.Name, cols[0], "not_null")
	}
	nc := &Constraint{Name: name, Type: NotNullCon, Columns: cols, Validated: validated, Created: o}
	c.addCon(t, nc)
	if validated {
		setNotNull(t, cols)
	}
	return nc
}

func fkAction(a string) string {
	switch a {
	case "r":
		return "restrict"
	case "c":
		return "cascade"
	case "n":
		return "set null"
	case "d":
		return "set default"
	}
	return ""
}

// addIndexConstraint adds a PRIMARY KEY, UNIQUE or EXCLUDE constraint with
// the index PostgreSQL builds for it (same name). With USING INDEX the
// existing index is adopted and renamed to the constraint's name.
func (c *Catalog) addIndexConstraint(s *Schema, t *Table, pc pendingCon, o Origin) *Constraint {
	con := pc.con
	var typ ConstraintType
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY:
		typ = PrimaryKey
	case pg_query.ConstrType_CONSTR_UNIQUE:
		typ = Unique
	case pg_query.ConstrType_CONSTR_EXCLUSION:
		typ = Exclusion
	}
	if typ == PrimaryKey && t.PrimaryKey() != nil {
		return nil // a second primary key is an error
	}
	if con.Indexname != "" {
		ix := s.Indexes[con.Indexname]
		if ix == nil || ix.Table != t.Name {
			return nil
		}
		name := con.Conname
		if name == "" {
			name = ix.Name
		}
		if name != ix.Name {
			if relNameTaken(s, name) {
				return nil
			}
			c.renameIndexEntry(s, ix, name)
		}
		ix.Unique = true
		ix.Primary = typ == PrimaryKey
		nc := &Constraint{Name: name, Type: typ, Columns: slices.Clone(ix.Columns), Validated: true, Created: o}
		c.addCon(t, nc)
		if typ == PrimaryKey {
			setNotNull(t, nc.Columns)
		}
		return nc
	}

	var elems []*pg_query.IndexElem
	switch {
	case typ == Exclusion:
		for _, ex := range con.Exclusions {
			items := ex.GetList().GetItems()
			if len(items) > 0 {
				if ie := items[0].GetIndexElem(); ie != nil {
					elems = append(elems, ie)
				}
			}
		}
	case len(con.Keys) > 0:
		for _, k := range con.Keys {
			elems = append(elems, &pg_query.IndexElem{Name: strVal(k)})
		}
	case pc.column != "":
		elems = []*pg_query.IndexElem{{Name: pc.column}}
	}
	if len(elems) == 0 {
		return nil
	}
	var incl []*pg_query.IndexElem
	for _, k := range con.Including {
		incl = append(incl, &pg_query.IndexElem{Name: strVal(k)})
	}
	cols := indexElemColumns(elems)
	name := con.Conname
	if name == "" {
		name = chooseIndexName(s, t.Name, indexColumnNames(append(slices.Clone(elems), incl...)),
			typ == PrimaryKey, typ == Exclusion, true)
	} else if relNameTaken(s, name) {
		return nil
	}
	method := con.AccessMethod
	if method == "" {
		method = "btree"
	}
	ix := &Index{Schema: s.Name, Name: name, Table: t.Name, Columns: cols, Unique: typ != Exclusion,
		Primary: typ == PrimaryKey, Method: method, Include: indexElemColumns(incl),
		Where: exprText(con.WhereClause), Created: o}
	s.Indexes[name] = ix
	nc := &Constraint{Name: name, Type: typ, Columns: slices.Clone(cols), Validated: true, Created: o}
	c.addCon(t, nc)
	if typ == PrimaryKey {
		setNotNull(t, cols)
	}
	return nc
}

// indexElemColumns renders index elements as stored in Index.Columns: the
// column name, or the expression's SQL text.
func indexElemColumns(elems []*pg_query.IndexElem) []string {
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		if e.Name != "" {
			out = append(out, e.Name)
		} else {
			out = append(out, exprText(e.Expr))
		}
	}
	return out
}

func cloneConstraint(con *Constraint) *Constraint {
	cp := *con
	cp.Columns = slices.Clone(con.Columns)
	cp.RefColumns = slices.Clone(con.RefColumns)
	return &cp
}

// --- partitions ---

// PartitionParent returns the partitioned table t is a partition of, or nil.
func (c *Catalog) PartitionParent(t *Table) *Table {
	if t == nil || t.PartitionOf == "" {
		return nil
	}
	schema, name := t.Schema, t.PartitionOf
	if i := strings.IndexByte(name, '.'); i >= 0 {
		schema, name = name[:i], name[i+1:]
	}
	if s := c.Schemas[schema]; s != nil {
		return s.Tables[name]
	}
	return nil
}

// Partitions returns the direct partitions of t, sorted by schema and name.
func (c *Catalog) Partitions(t *Table) []*Table {
	if t == nil || t.Kind != KindPartitioned {
		return nil
	}
	var out []*Table
	for _, s := range c.Schemas {
		for _, ch := range s.Tables {
			if ch.PartitionOf != "" && c.PartitionParent(ch) == t && !c.isAncestor(ch, t) {
				out = append(out, ch)
			}
		}
	}
	slices.SortFunc(out, func(a, b *Table) int {
		return strings.Compare(a.Schema+"."+a.Name, b.Schema+"."+b.Name)
	})
	return out
}

// isAncestor reports whether a is t or one of its partition ancestors. The
// replay never builds a partition cycle on purpose; this guard keeps the
// recursive walks finite if a strange history does.
func (c *Catalog) isAncestor(a, t *Table) bool {
	for i := 0; t != nil && i < 64; i++ {
		if t == a {
			return true
		}
		t = c.PartitionParent(t)
	}
	return t != nil
}

// inheritPartition gives a new or attached partition what PostgreSQL
// propagates from the parent: an index per parent index (reusing an
// equivalent existing one), and the parent's CHECK and FOREIGN KEY
// constraints under the same names.
func (c *Catalog) inheritPartition(parent, child *Table, o Origin) {
	for _, pix := range c.TableIndexes(parent) {
		c.attachIndex(pix, parent, child, o)
	}
	for _, pc := range parent.Constraints {
		if (pc.Type == Check || pc.Type == ForeignKey) && child.Constraint(pc.Name) == nil {
			cp := cloneConstraint(pc)
			cp.Created = o
			c.addCon(child, cp)
		}
	}
}

// attachIndex makes sure partition child has an index attached to the
// partitioned index pix, recursing into sub-partitions.
func (c *Catalog) attachIndex(pix *Index, parent, child *Table, o Origin) {
	for _, cix := range c.TableIndexes(child) {
		if cix.Parent == "" && sameIndex(cix, pix) {
			cix.Parent = pix.Name
			return
		}
		if cix.Parent == pix.Name {
			return
		}
	}
	nix := c.copyIndex(pix, parent, child, pix.Name, o)
	if nix == nil {
		return
	}
	for _, gc := range c.Partitions(child) {
		c.attachIndex(nix, child, gc, o)
	}
}

func sameIndex(a, b *Index) bool {
	return a.Unique == b.Unique && a.Method == b.Method && a.Where == b.Where &&
		slices.Equal(a.Columns, b.Columns) && slices.Equal(a.Include, b.Include)
}
