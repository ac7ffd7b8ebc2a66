package catalog

import "strings"

// A migration usually changes objects created long before it, in a squashed
// history or another repository, that the replay never saw. Such an object is
// not absent: it exists with a shape the catalog does not know. The replay
// records it as a placeholder the first time a statement changes it, so the
// statements after it (ADD COLUMN, ADD CONSTRAINT, VALIDATE) are recorded on
// it like on any other table, and rules ask "new in this file, or existing?"
// of it instead of "known?".

// PlaceholderSchema is the schema an unqualified name of an object the
// catalog does not know lives in: the first schema of the search path
// ("$user" entries name no schema here), public when there is none.
func (c *Catalog) PlaceholderSchema() string {
	for _, n := range c.SearchPath {
		if n != "" && !strings.HasPrefix(n, "$") {
			return n
		}
	}
	return "public"
}

// TableKey returns the schema and name that schema.name ("" schema = search
// path) denotes: the known relation's, else the placeholder's. Two spellings
// of one table (authors, public.authors) give one key.
func (c *Catalog) TableKey(schema, name string) (string, string) {
	if t := c.Table(schema, name); t != nil {
		return t.Schema, t.Name
	}
	if schema == "" {
		schema = c.PlaceholderSchema()
	}
	return schema, name
}

// placeholderIndex returns the index schema.name, first recording it as an
// existing index of unknown shape on an unknown table when the catalog does
// not know it. ALTER INDEX names nothing but an index, so the statements
// after it see an existing index, not a free name.
func (c *Catalog) placeholderIndex(schema, name string) *Index {
	if ix := c.Index(schema, name); ix != nil || name == "" {
		return ix
	}
	if c.Table(schema, name) != nil || c.Sequence(schema, name) != nil {
		return nil // ALTER INDEX on another relation kind: not an index
	}
	if schema != "" && c.Schemas[schema] == nil && c.Table("", schema) != nil {
		return nil // tbl.idx: PostgreSQL reads the table as a schema and fails
	}
	schema, name = c.TableKey(schema, name)
	if s := c.Schemas[schema]; s != nil && relNameTaken(s, name) {
		return nil
	}
	s := c.EnsureSchema(schema, Origin{})
	ix := &Index{Schema: s.Name, Name: name, Placeholder: true}
	s.Indexes[name] = ix
	return ix
}

// placeholderTable returns the relation schema.name, first recording it as
// an existing table of unknown shape when the catalog does not know it.
func (c *Catalog) placeholderTable(schema, name string, kind RelKind) *Table {
	if t := c.Table(schema, name); t != nil || name == "" {
		return t
	}
	schema, name = c.TableKey(schema, name)
	if s := c.Schemas[schema]; s != nil && relNameTaken(s, name) {
		return nil // an index or sequence of that name: not a table
	}
	s := c.EnsureSchema(schema, Origin{})
	t := &Table{Schema: s.Name, Name: name, Kind: kind, ColumnsUnknown: true, Placeholder: true}
	s.Tables[name] = t
	return t
}

// placeholderConstraint records a constraint the replay never saw created,
// met in VALIDATE CONSTRAINT: it exists (PostgreSQL refuses to validate a
// missing one) and is now validated, of a kind and on columns the replay
// does not know. Rules read it as "existing, validated, checking something
// unknown", never as proof of what it checks.
func (c *Catalog) placeholderConstraint(t *Table, name string) {
	if name == "" {
		return
	}
	c.addCon(t, &Constraint{Name: name, Validated: true, Placeholder: true})
}
