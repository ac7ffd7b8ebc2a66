package catalog

import "slices"

// The per-schema constraint-name index (Schema.conNames). Every change to
// the constraints of a table registered in its schema goes through the
// helpers below: addCon, deleteCons, renameCon, and unindexTable /
// indexTable when a table leaves or joins a schema's Tables. Tests replay
// every statement with verifyConIndex set, which compares the index with a
// rebuild after each one.

// verifyConIndex makes Apply check the index after every statement
// (tests only).
var verifyConIndex bool

// conIndex returns the schema's constraint-name counts, building them from
// the tables when missing.
func (s *Schema) conIndex() map[string]int {
	if s.conNames == nil {
		s.conNames = buildConIndex(s)
	}
	return s.conNames
}

func buildConIndex(s *Schema) map[string]int {
	m := map[string]int{}
	for _, t := range s.Tables {
		for _, con := range t.Constraints {
			m[con.Name]++
		}
	}
	return m
}

// indexedSchema returns t's schema when t is registered in it and the
// schema's index is built (else nil: nothing to maintain).
func (c *Catalog) indexedSchema(t *Table) *Schema {
	s := c.Schemas[t.Schema]
	if s == nil || s.conNames == nil || s.Tables[t.Name] != t {
		return nil
	}
	return s
}

func (s *Schema) conInc(name string) {
	if s != nil && s.conNames != nil {
		s.conNames[name]++
	}
}

func (s *Schema) conDec(name string) {
	if s == nil || s.conNames == nil {
		return
	}
	if n := s.conNames[name]; n > 1 {
		s.conNames[name] = n - 1
	} else {
		delete(s.conNames, name)
	}
}

// addCon appends a constraint to t.
func (c *Catalog) addCon(t *Table, con *Constraint) {
	t.Constraints = append(t.Constraints, con)
	c.indexedSchema(t).conInc(con.Name)
}

// deleteCons removes t's constraints for which del is true.
func (c *Catalog) deleteCons(t *Table, del func(*Constraint) bool) {
	s := c.indexedSchema(t)
	t.Constraints = slices.DeleteFunc(t.Constraints, func(con *Constraint) bool {
		if del(con) {
			s.conDec(con.Name)
			return true
		}
		return false
	})
}

// renameCon renames a constraint of t.
func (c *Catalog) renameCon(t *Table, con *Constraint, name string) {
	s := c.indexedSchema(t)
	s.conDec(con.Name)
	con.Name = name
	s.conInc(name)
}

// unindexTable forgets t's constraints; call it while t is still
// registered in its schema, just before removing it from Tables.
func (c *Catalog) unindexTable(t *Table) {
	if s := c.indexedSchema(t); s != nil {
		for _, con := range t.Constraints {
			s.conDec(con.Name)
		}
	}
}

// indexTable counts t's constraints; call it just after registering t in
// its schema's Tables.
func (c *Catalog) indexTable(t *Table) {
	if s := c.indexedSchema(t); s != nil {
		for _, con := range t.Constraints {
			s.conInc(con.Name)
		}
	}
}

// checkConIndex panics when a built index differs from a rebuild.
func (c *Catalog) checkConIndex() {
	for name, s := range c.Schemas {
		if s.conNames == nil {
			continue
		}
		want := buildConIndex(s)
		if len(want) != len(s.conNames) {
			panic("catalog: constraint-name index of schema " + name + " is out of date")
		}
		for k, n := range want {
			if s.conNames[k] != n {
				panic("catalog: constraint-name index of schema " + name + " is out of date at " + k)
			}
		}
	}
}
