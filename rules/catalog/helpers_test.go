package catalog

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/source"

	"github.com/sqlreview/sqlreview/internal/shared"
)

// Tests want to see replay bugs, not have Apply swallow them.
func init() { panicHook = func(r any) { panic(r) } }

// replay parses sql and applies every statement to a new catalog. Syntax
// errors fail the test: every test input is meant to be valid SQL.
func replay(t testing.TB, sql string) *Catalog {
	t.Helper()
	c := New()
	f := source.ParseText("test.sql", sql)
	for _, st := range f.Statements {
		if st.Err != nil {
			t.Fatalf("syntax error in test input: %s\n%s", st.Err.Message, st.Text())
		}
	}
	c.ApplyFile(f)
	return c
}

// corpusDir returns a directory of the shared corpus (shared.Path decides
// what happens when it is missing).
func corpusDir(t testing.TB, sub string) string {
	t.Helper()
	return shared.Path(t, "corpus", sub)
}

// parseDir parses the *.sql files of dir in file-name order.
func parseDir(t testing.TB, dir string) []*source.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no SQL files in %s: %v", dir, err)
	}
	sort.Strings(names)
	files := make([]*source.File, 0, len(names))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, source.Parse(filepath.Base(n), data))
	}
	return files
}

// render describes one catalog object as stable text, so tests can assert
// a whole object at once. Keys: "table s.n", "index s.n", "sequence s.n",
// "type s.n", "schema s", "search_path".
func render(c *Catalog, key string) (string, bool) {
	kind, name, _ := strings.Cut(key, " ")
	if kind == "search_path" {
		return fmt.Sprint(c.SearchPath), true
	}
	if kind == "schema" {
		_, ok := c.Schemas[name]
		return "exists", ok
	}
	schema, obj, _ := strings.Cut(name, ".")
	s := c.Schemas[schema]
	if s == nil {
		return "", false
	}
	switch kind {
	case "table":
		if t := s.Tables[obj]; t != nil {
			return renderTable(t), true
		}
	case "index":
		if ix := s.Indexes[obj]; ix != nil {
			return renderIndex(ix), true
		}
	case "sequence":
		if seq := s.Sequences[obj]; seq != nil {
			return fmt.Sprintf("owned by %s.%s", seq.OwnerTable, seq.OwnerColumn), true
		}
	case "type":
		if ty := s.Types[obj]; ty != nil {
			return renderType(ty), true
		}
	}
	return "", false
}

func renderTable(t *Table) string {
	var b strings.Builder
	b.WriteString(string(t.Kind))
	if t.PartitionOf != "" {
		fmt.Fprintf(&b, " partition of %s", t.PartitionOf)
	}
	if t.ColumnsUnknown {
		b.WriteString(" columns unknown")
	}
	if t.Unlogged {
		b.WriteString(" unlogged")
	}
	if t.Temp {
		b.WriteString(" temp")
	}
	if t.Comment != "" {
		fmt.Fprintf(&b, " comment %q", t.Comment)
	}
	for _, col := range t.Columns {
		fmt.Fprintf(&b, "\n%s %s", col.Name, col.Type)
		if col.NotNull {
			b.WriteString(" not null")
		}
		if col.Default != "" {
			fmt.Fprintf(&b, " default %s", col.Default)
		}
		if col.Identity != "" {
			fmt.Fprintf(&b, " identity %s", col.Identity)
		}
		if col.Generated {
			b.WriteString(" generated")
		}
		if col.Comment != "" {
			fmt.Fprintf(&b, " comment %q", col.Comment)
		}
	}
	for _, con := range t.Constraints {
		fmt.Fprintf(&b, "\nconstraint %s %s (%s)", con.Name, con.Type, strings.Join(con.Columns, ", "))
		if con.Expr != "" {
			fmt.Fprintf(&b, " check %s", con.Expr)
		}
		if con.Type == ForeignKey {
			fmt.Fprintf(&b, " -> %s.%s(%s)", con.RefSchema, con.RefTable, strings.Join(con.RefColumns, ", "))
			if con.OnDelete != "" {
				fmt.Fprintf(&b, " on delete %s", con.OnDelete)
			}
		}
		if !con.Validated {
			b.WriteString(" not valid")
		}
	}
	return b.String()
}

func renderIndex(ix *Index) string {
	var b strings.Builder
	fmt.Fprintf(&b, "on %s %s (%s)", ix.Table, ix.Method, strings.Join(ix.Columns, ", "))
	if ix.Primary {
		b.WriteString(" primary")
	}
	if ix.Unique {
		b.WriteString(" unique")
	}
	if len(ix.Include) > 0 {
		fmt.Fprintf(&b, " include (%s)", strings.Join(ix.Include, ", "))
	}
	if ix.Where != "" {
		fmt.Fprintf(&b, " where %s", ix.Where)
	}
	if ix.Parent != "" {
		fmt.Fprintf(&b, " parent %s", ix.Parent)
	}
	if ix.Invalid {
		b.WriteString(" invalid")
	}
	return b.String()
}

func renderType(ty *Type) string {
	switch ty.Kind {
	case "enum":
		return "enum (" + strings.Join(ty.Values, ", ") + ")"
	case "domain":
		return "domain " + ty.BaseType
	case "composite":
		parts := make([]string, len(ty.Columns))
		for i, col := range ty.Columns {
			parts[i] = col.Name + " " + col.Type
		}
		return "composite (" + strings.Join(parts, ", ") + ")"
	}
	return ty.Kind
}

// dump renders the whole catalog, for failure messages.
func dump(c *Catalog) string {
	var keys []string
	for sn, s := range c.Schemas {
		keys = append(keys, "schema "+sn)
		for n := range s.Tables {
			keys = append(keys, "table "+sn+"."+n)
		}
		for n := range s.Indexes {
			keys = append(keys, "index "+sn+"."+n)
		}
		for n := range s.Sequences {
			keys = append(keys, "sequence "+sn+"."+n)
		}
		for n := range s.Types {
			keys = append(keys, "type "+sn+"."+n)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "search_path %v\n", c.SearchPath)
	for _, k := range keys {
		v, _ := render(c, k)
		fmt.Fprintf(&b, "%s: %s\n", k, strings.ReplaceAll(v, "\n", "\n    "))
	}
	return b.String()
}
