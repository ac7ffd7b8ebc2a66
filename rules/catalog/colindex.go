package catalog

// The per-table exact column-name index (Table.colIdx). Column looks names
// up in it instead of scanning Columns. Every change the package makes to
// the columns of a table goes through the helpers below: appendColumn,
// deleteColumnAt and setColumnName. Catalogs built by hand or by livedb
// (which append to Columns directly) get their index built lazily on the
// first lookup; an index whose column count no longer matches Columns is
// rebuilt. Tests replay every statement with verifyConIndex set, which also
// compares every built column index with a rebuild after each one.

// colIndexMin is the column count below which Column scans instead (tests
// set it to 0 so that every lookup goes through the index).
var colIndexMin = 8

// colIndex maps each column name to the first column with that name
// (the one a linear scan would return); n is len(Columns) when built.
type colIndex struct {
	m map[string]*Column
	n int
}

func buildColIndex(cols []*Column) *colIndex {
	m := make(map[string]*Column, len(cols))
	for _, col := range cols {
		if _, ok := m[col.Name]; !ok {
			m[col.Name] = col
		}
	}
	return &colIndex{m: m, n: len(cols)}
}

// validColIndex returns t's index when it is built and in step with
// Columns, else nil.
func (t *Table) validColIndex() *colIndex {
	if t.colIdx != nil && t.colIdx.n == len(t.Columns) {
		return t.colIdx
	}
	return nil
}

func (t *Table) lookupColumn(name string) *Column {
	if len(t.Columns) < colIndexMin {
		for _, col := range t.Columns {
			if col.Name == name {
				return col
			}
		}
		return nil
	}
	ix := t.validColIndex()
	if ix == nil {
		ix = buildColIndex(t.Columns)
		t.colIdx = ix
	}
	col := ix.m[name]
	if col != nil && col.Name != name {
		// Renamed behind the package's back: rebuild.
		t.colIdx = buildColIndex(t.Columns)
		col = t.colIdx.m[name]
	}
	if verifyConIndex && col != t.firstColumn(name) {
		panic("catalog: column index of table " + t.Name + " answers wrongly for " + name)
	}
	return col
}

// ColumnsChanged tells t that its columns were changed in a way Column
// cannot notice by itself: a column renamed in place, or Columns replaced by
// a slice of the same length. Appending to or shortening Columns needs no
// call. Only code outside this package needs it.
func (t *Table) ColumnsChanged() { t.colIdx = nil }

// firstColumn returns the first column of t named name, by scanning.
func (t *Table) firstColumn(name string) *Column {
	for _, col := range t.Columns {
		if col.Name == name {
			return col
		}
	}
	return nil
}

// reindexName makes the index entry for name point at the first column
// with that name, or removes it.
func (ix *colIndex) reindexName(t *Table, name string) {
	if col := t.firstColumn(name); col != nil {
		ix.m[name] = col
	} else {
		delete(ix.m, name)
	}
}

// appendColumn appends col to t's columns.
func (t *Table) appendColumn(col *Column) {
	ix := t.validColIndex()
	t.Columns = append(t.Columns, col)
	if ix == nil {
		t.colIdx = nil
		return
	}
	if _, ok := ix.m[col.Name]; !ok {
		ix.m[col.Name] = col
	}
	ix.n = len(t.Columns)
}

// deleteColumnAt removes t.Columns[i].
func (t *Table) deleteColumnAt(i int) {
	ix := t.validColIndex()
	col := t.Columns[i]
	copy(t.Columns[i:], t.Columns[i+1:])
	t.Columns[len(t.Columns)-1] = nil
	t.Columns = t.Columns[:len(t.Columns)-1]
	if ix == nil {
		t.colIdx = nil
		return
	}
	ix.n = len(t.Columns)
	if ix.m[col.Name] == col {
		ix.reindexName(t, col.Name)
	}
}

// setColumnName renames col, a column of t.
func (t *Table) setColumnName(col *Column, name string) {
	ix := t.validColIndex()
	old := col.Name
	col.Name = name
	if ix == nil {
		t.colIdx = nil
		return
	}
	if ix.m[old] == col {
		ix.reindexName(t, old)
	}
	ix.reindexName(t, name)
}

// cloneColIndex returns an index for cols, the column-for-column copy of
// t.Columns, when t has a valid one.
func (t *Table) cloneColIndex(cols []*Column) *colIndex {
	ix := t.validColIndex()
	if ix == nil {
		return nil
	}
	return buildColIndex(cols)
}

// checkColIndexes panics when a built column index differs from a
// rebuild, or has fallen out of step with Columns.
func (c *Catalog) checkColIndexes() {
	for _, s := range c.Schemas {
		for name, t := range s.Tables {
			if t.colIdx == nil {
				continue
			}
			if t.colIdx.n != len(t.Columns) {
				panic("catalog: column index of table " + name + " is out of step with its columns")
			}
			want := buildColIndex(t.Columns)
			if len(want.m) != len(t.colIdx.m) {
				panic("catalog: column index of table " + name + " is out of date")
			}
			for k, col := range want.m {
				if t.colIdx.m[k] != col {
					panic("catalog: column index of table " + name + " is out of date at " + k)
				}
			}
		}
	}
}
