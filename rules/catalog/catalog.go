// Package catalog models the schema a migration runs against: the objects
// created by replaying earlier migrations (and, later, read from a schema file
// or a live database). Lookups never fail: an object the catalog does not know
// is reported as nil and rules treat it as "exists, details unknown"; one the
// replay changes is recorded as a placeholder (see placeholder.go).
package catalog

import (
	"sort"
	"strings"
)

// Origin says where an object was created.
type Origin struct {
	File string // path of the migration file; "" when it came from outside the replay
	Stmt int    // statement index in that file
}

// Catalog is a set of schemas. The zero value is not usable; call New.
type Catalog struct {
	Schemas map[string]*Schema
	// SearchPath resolves unqualified names; default ["public"].
	SearchPath []string
	// Functions maps "schema.name" (lower case) to the function's
	// volatility (Immutable, Stable, Volatile): read from pg_proc by a live
	// database, or from replayed CREATE FUNCTION. nil = none known.
	Functions map[string]string
	// TriggerFunctions holds the "schema.name" (lower case) of replayed
	// functions that RETURN trigger or event_trigger: only triggers call
	// them. nil = none known.
	TriggerFunctions map[string]bool
	// FunctionOrigins maps the same keys to where a replayed CREATE
	// FUNCTION defined them (the newest definition), for navigation.
	FunctionOrigins map[string]Origin
}

// Schema is a namespace.
type Schema struct {
	Name      string
	Tables    map[string]*Table // tables, partitioned tables, views, materialized views
	Indexes   map[string]*Index // by index name (index names are per schema)
	Sequences map[string]*Sequence
	Types     map[string]*Type // enums, domains, composite types
	Created   Origin
	// conNames counts the constraints of the schema's tables by name, so
	// that choosing a generated constraint name is O(1) instead of a scan of
	// every table. nil = not built yet (built on first use, so catalogs
	// assembled by hand or by livedb need not maintain it); see conindex.go.
	conNames map[string]int
}

// RelKind is the kind of a relation.
type RelKind string

// Relation kinds.
const (
	KindTable       RelKind = "table"
	KindPartitioned RelKind = "partitioned table"
	KindView        RelKind = "view"
	KindMatView     RelKind = "materialized view"
	KindForeign     RelKind = "foreign table"
)

// Table is a relation with columns.
type Table struct {
	Schema, Name string
	Kind         RelKind
	Columns      []*Column
	Constraints  []*Constraint
	Created      Origin
	// Unlogged and Temp are set from CREATE UNLOGGED / TEMP TABLE.
	Unlogged, Temp bool
	// PartitionOf names the parent when the table is a partition.
	PartitionOf string
	Comment     string
	// ColumnsUnknown is set when the columns could not be derived (CREATE
	// TABLE AS or a view over an unknown relation): an empty Columns then
	// means "unknown", not "none", and rules must not report missing columns.
	ColumnsUnknown bool
	// Placeholder marks a table the replay met in a statement that changes
	// it (ALTER TABLE, CREATE INDEX ON) without having seen its definition:
	// it existed before the replay, and its columns, constraints and indexes
	// are only those later statements added (see placeholder.go).
	Placeholder bool

	// colIdx indexes Columns by name (see colindex.go); nil until first
	// needed.
	colIdx *colIndex
}

// Column is a table column.
type Column struct {
	Name    string
	Type    string // normalized type name, e.g. "int4", "varchar(255)", "timestamptz", "text[]"
	NotNull bool
	// Default is the default expression's SQL text ("" = none), deparsed
	// from the parse tree, e.g. "now()", "'x'::text",
	// "nextval('users_id_seq'::regclass)".
	Default string
	// Identity is "always", "by default" or "".
	Identity  string
	Generated bool
	Created   Origin
	Comment   string
}

// ConstraintType is a kind of table constraint.
type ConstraintType string

// Constraint types.
const (
	PrimaryKey ConstraintType = "PRIMARY KEY"
	Unique     ConstraintType = "UNIQUE"
	ForeignKey ConstraintType = "FOREIGN KEY"
	Check      ConstraintType = "CHECK"
	Exclusion  ConstraintType = "EXCLUDE"
	NotNullCon ConstraintType = "NOT NULL"
)

// Constraint is a table constraint.
type Constraint struct {
	Name    string
	Type    ConstraintType
	Columns []string
	// Validated is false for NOT VALID constraints until VALIDATE CONSTRAINT.
	Validated bool
	// Expr is the CHECK expression's SQL text.
	Expr string
	// RefSchema, RefTable and RefColumns describe a foreign key's target.
	RefSchema, RefTable string
	RefColumns          []string
	OnDelete            string // "cascade", "set null", ... ("" = no action)
	Created             Origin
	// Placeholder marks a constraint the replay met only in VALIDATE
	// CONSTRAINT: it existed before the replay, and its Type, Columns and
	// Expr are unknown (see placeholder.go).
	Placeholder bool
}

// Index is an index.
type Index struct {
	Schema, Name string
	Table        string // table name (same schema)
	// Columns are the key columns; an expression key is its SQL text, e.g.
	// "lower(email)".
	Columns []string
	Unique  bool
	Primary bool
	Method  string // btree, gin, ...
	// Include lists the INCLUDE columns, which are stored but not searchable.
	Include []string
	// Where is the predicate of a partial index ("" = whole table).
	Where string
	// Parent names the partitioned table's index this partition index is
	// attached to ("" = none); dropping the parent index drops it.
	Parent string
	// Invalid marks an index left behind by a failed CONCURRENTLY build.
	Invalid bool
	// Placeholder marks an index the replay met only in an ALTER INDEX
	// (RENAME, SET TABLESPACE, ...): it exists, on a table the replay does
	// not know (Table is ""), with unknown columns.
	Placeholder bool
	Created     Origin
}

// Sequence is a sequence.
type Sequence struct {
	Schema, Name string
	// OwnerTable and OwnerColumn name the column that owns the sequence
	// (serial, identity, OWNED BY); dropping that column or table drops it.
	OwnerTable, OwnerColumn string
	Created                 Origin
}

// Type is a user-defined type.
type Type struct {
	Schema, Name string
	Kind         string   // "enum", "domain", "composite", "range"
	Values       []string // enum labels in order
	// BaseType is a domain's underlying type (normalized like Column.Type).
	BaseType string
	// Columns are a composite type's attributes.
	Columns []*Column
	Created Origin
}

// New returns an empty catalog with the public schema.
func New() *Catalog {
	c := &Catalog{Schemas: map[string]*Schema{}, SearchPath: []string{"public"}}
	c.EnsureSchema("public", Origin{})
	return c
}

// EnsureSchema returns the schema, creating it when missing.
func (c *Catalog) EnsureSchema(name string, o Origin) *Schema {
	if s, ok := c.Schemas[name]; ok {
		return s
	}
	s := &Schema{Name: name, Tables: map[string]*Table{}, Indexes: map[string]*Index{},
		Sequences: map[string]*Sequence{}, Types: map[string]*Type{}, Created: o}
	c.Schemas[name] = s
	return s
}

// resolve finds the schema of an unqualified name along the search path.
func (c *Catalog) resolve(schema string, has func(*Schema) bool) *Schema {
	if schema != "" {
		return c.Schemas[schema]
	}
	for _, n := range c.SearchPath {
		if s := c.Schemas[n]; s != nil && has(s) {
			return s
		}
	}
	return nil
}

// Table returns the relation schema.name ("" schema = search path), or nil.
func (c *Catalog) Table(schema, name string) *Table {
	s := c.resolve(schema, func(s *Schema) bool { return s.Tables[name] != nil })
	if s == nil {
		return nil
	}
	return s.Tables[name]
}

// Index returns the index schema.name, or nil.
func (c *Catalog) Index(schema, name string) *Index {
	s := c.resolve(schema, func(s *Schema) bool { return s.Indexes[name] != nil })
	if s == nil {
		return nil
	}
	return s.Indexes[name]
}

// Type returns the user-defined type schema.name, or nil.
func (c *Catalog) Type(schema, name string) *Type {
	s := c.resolve(schema, func(s *Schema) bool { return s.Types[name] != nil })
	if s == nil {
		return nil
	}
	return s.Types[name]
}

// Sequence returns the sequence schema.name, or nil.
func (c *Catalog) Sequence(schema, name string) *Sequence {
	s := c.resolve(schema, func(s *Schema) bool { return s.Sequences[name] != nil })
	if s == nil {
		return nil
	}
	return s.Sequences[name]
}

// Column returns the named column (the first one, should there be several),
// or nil. It uses an index built on first use; code outside this package
// that renames a column in place must call ColumnsChanged.
func (t *Table) Column(name string) *Column {
	return t.lookupColumn(name)
}

// Constraint returns the named constraint, or nil.
func (t *Table) Constraint(name string) *Constraint {
	for _, con := range t.Constraints {
		if con.Name == name {
			return con
		}
	}
	return nil
}

// PrimaryKey returns the table's primary key constraint, or nil.
func (t *Table) PrimaryKey() *Constraint {
	for _, con := range t.Constraints {
		if con.Type == PrimaryKey {
			return con
		}
	}
	return nil
}

// HasValidatedNotNullCheck reports whether a validated CHECK constraint
// proves column IS NOT NULL, which lets PostgreSQL 12+ skip the table scan of
// SET NOT NULL.
func (t *Table) HasValidatedNotNullCheck(column string) bool {
	want := strings.ToLower(column) + " is not null"
	for _, con := range t.Constraints {
		if con.Type != Check || !con.Validated {
			continue
		}
		e := strings.ToLower(strings.Join(strings.Fields(strings.Trim(con.Expr, "() ")), " "))
		e = strings.ReplaceAll(e, `"`, "")
		if e == want {
			return true
		}
	}
	return false
}

// TableIndexes returns the indexes of the table, sorted by name.
func (c *Catalog) TableIndexes(t *Table) []*Index {
	s := c.Schemas[t.Schema]
	if s == nil {
		return nil
	}
	var out []*Index
	for _, ix := range s.Indexes {
		if ix.Table == t.Name {
			out = append(out, ix)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
