package catalog

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of the catalog: changes to the copy (such as
// replaying an edited file) never show in the original.
func (c *Catalog) Clone() *Catalog {
	if c == nil {
		return nil
	}
	out := &Catalog{Schemas: make(map[string]*Schema, len(c.Schemas)), SearchPath: slices.Clone(c.SearchPath), Functions: maps.Clone(c.Functions),
		TriggerFunctions: maps.Clone(c.TriggerFunctions), FunctionOrigins: maps.Clone(c.FunctionOrigins)}
	for name, s := range c.Schemas {
		out.Schemas[name] = s.clone()
	}
	return out
}

func (s *Schema) clone() *Schema {
	cp := &Schema{Name: s.Name, Created: s.Created,
		Tables:    make(map[string]*Table, len(s.Tables)),
		Indexes:   make(map[string]*Index, len(s.Indexes)),
		Sequences: make(map[string]*Sequence, len(s.Sequences)),
		Types:     make(map[string]*Type, len(s.Types)),
		conNames:  maps.Clone(s.conNames),
	}
	for k, t := range s.Tables {
		cp.Tables[k] = t.clone()
	}
	for k, ix := range s.Indexes {
		x := *ix
		x.Columns = slices.Clone(ix.Columns)
		x.Include = slices.Clone(ix.Include)
		cp.Indexes[k] = &x
	}
	for k, seq := range s.Sequences {
		x := *seq
		cp.Sequences[k] = &x
	}
	for k, ty := range s.Types {
		x := *ty
		x.Values = slices.Clone(ty.Values)
		x.Columns = cloneColumns(ty.Columns)
		cp.Types[k] = &x
	}
	return cp
}

func (t *Table) clone() *Table {
	x := *t
	x.Columns = cloneColumns(t.Columns)
	x.colIdx = t.cloneColIndex(x.Columns)
	if t.Constraints != nil {
		x.Constraints = make([]*Constraint, len(t.Constraints))
		for i, con := range t.Constraints {
			x.Constraints[i] = cloneConstraint(con)
		}
	}
	return &x
}

func cloneColumns(cols []*Column) []*Column {
	if cols == nil {
		return nil
	}
	out := make([]*Column, len(cols))
	for i, col := range cols {
		x := *col
		out[i] = &x
	}
	return out
}
