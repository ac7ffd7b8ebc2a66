package catalog

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/sqlreview/sqlreview/rules/source"
)

func init() { panicHook = func(r any) { panic(r) } }

// replay parses sql and applies every statement to a new catalog; syntax
// errors fail the test since every test input is meant to be valid.
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

// dump renders the catalog as stable text for failure messages.
func dump(c *Catalog) string {
	var b strings.Builder
	fmt.Fprintf(&b, "search_path=%v\n", c.SearchPath)
	var names []string
	for n := range c.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := c.Schemas[n]
		fmt.Fprintf(&b, "schema %s\n", n)
		var ts []string
		for k := range s.Tables {
			ts = append(ts, k)
		}
		sort.Strings(ts)
		for _, k := range ts {
			t := s.Tables[k]
			fmt.Fprintf(&b, "  %s %s", t.Kind, t.Name)
			if t.PartitionOf != "" {
				fmt.Fprintf(&b, " partition of %s", t.PartitionOf)
			}
			if t.ColumnsUnknown {
				b.WriteString(" (columns unknown)")
			}
			b.WriteString("\n")
			for _, col := range t.Columns {
				fmt.Fprintf(&b, "    %s %s", col.Name, col.Type)
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
				b.WriteString("\n")
			}
			for _, con := range t.Constraints {
				fmt.Fprintf(&b, "    constraint %s %s %v", con.Name, con.Type, con.Columns)
				if con.Expr != "" {
					fmt.Fprintf(&b, " (%s)", con.Expr)
				}
				if con.RefTable != "" {
					fmt.Fprintf(&b, " -> %s.%s%v %s", con.RefSchema, con.RefTable, con.RefColumns, con.OnDelete)
				}
				if !con.Validated {
					b.WriteString(" NOT VALID")
				}
				b.WriteString("\n")
			}
		}
		var is []string
		for k := range s.Indexes {
			is = append(is, k)
		}
		sort.Strings(is)
		for _, k := range is {
			ix := s.Indexes[k]
			fmt.Fprintf(&b, "  index %s on %s %s %v unique=%v primary=%v", ix.Name, ix.Table, ix.Method, ix.Columns, ix.Unique, ix.Primary)
			if len(ix.Include) > 0 {
				fmt.Fprintf(&b, " include %v", ix.Include)
			}
			if ix.Where != "" {
				fmt.Fprintf(&b, " where %s", ix.Where)
			}
			if ix.Parent != "" {
				fmt.Fprintf(&b, " parent %s", ix.Parent)
			}
			if ix.Invalid {
				b.WriteString(" INVALID")
			}
			b.WriteString("\n")
		}
		var ss []string
		for k := range s.Sequences {
			ss = append(ss, k)
		}
		sort.Strings(ss)
		for _, k := range ss {
			seq := s.Sequences[k]
			fmt.Fprintf(&b, "  sequence %s owned by %s.%s\n", seq.Name, seq.OwnerTable, seq.OwnerColumn)
		}
		var ty []string
		for k := range s.Types {
			ty = append(ty, k)
		}
		sort.Strings(ty)
		for _, k := range ty {
			x := s.Types[k]
			fmt.Fprintf(&b, "  type %s %s %v %s", x.Kind, x.Name, x.Values, x.BaseType)
			for _, col := range x.Columns {
				fmt.Fprintf(&b, " %s:%s", col.Name, col.Type)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
