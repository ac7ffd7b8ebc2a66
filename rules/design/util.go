package design

import (
	"strings"
	"sync"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
)

// colDef is a column definition a statement writes: a CREATE TABLE column
// or an ALTER TABLE ... ADD COLUMN.
type colDef struct {
	table      *pg_query.RangeVar
	def        *pg_query.ColumnDef
	start, end int  // the column definition (with ADD COLUMN)
	add        bool // ADD COLUMN rather than CREATE TABLE
}

// columnDefs returns the column definitions of a statement.
func columnDefs(s *source.Statement) []colDef {
	var out []colDef
	if s == nil {
		return nil
	}
	switch v := s.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		rel := v.CreateStmt.GetRelation()
		for _, el := range v.CreateStmt.GetTableElts() {
			if cd := el.GetColumnDef(); cd != nil {
				start, end := s.Start, s.End
				if cd.GetLocation() >= 0 {
					start = s.Abs(cd.GetLocation())
					end = s.ItemEnd(start)
				}
				out = append(out, colDef{table: rel, def: cd, start: start, end: end})
			}
		}
	case *pg_query.Node_AlterTableStmt:
		at := v.AlterTableStmt
		if at.GetObjtype() != pg_query.ObjectType_OBJECT_TABLE {
			return nil
		}
		for _, c := range at.GetCmds() {
			cmd := c.GetAlterTableCmd()
			cd := cmd.GetDef().GetColumnDef()
			if cmd.GetSubtype() != pg_query.AlterTableType_AT_AddColumn || cd == nil {
				continue
			}
			start, end := s.Start, s.End
			if cd.GetLocation() >= 0 {
				loc := s.Abs(cd.GetLocation())
				start, end = s.WordBefore(loc, "ADD", "COLUMN", "IF", "NOT", "EXISTS"), s.ItemEnd(loc)
			}
			out = append(out, colDef{table: at.GetRelation(), def: cd, start: start, end: end, add: true})
		}
	}
	return out
}

// alterCmd is one ALTER TABLE subcommand with its range.
type alterCmd struct {
	table      *pg_query.RangeVar
	cmd        *pg_query.AlterTableCmd
	start, end int
}

// alterCmds returns the subcommands of an ALTER TABLE on a table.
func alterCmds(s *source.Statement) []alterCmd {
	var out []alterCmd
	for _, c := range rules.AlterCmds(s) {
		start, end := c.Range()
		out = append(out, alterCmd{table: c.Rel, cmd: c.Cmd, start: start, end: end})
	}
	return out
}

// hasConstraint reports whether a column definition carries a constraint
// of the given type.
func hasConstraint(cd *pg_query.ColumnDef, ct pg_query.ConstrType) bool {
	for _, n := range cd.GetConstraints() {
		if n.GetConstraint().GetContype() == ct {
			return true
		}
	}
	return false
}

// isSerial reports whether a column is declared with a serial pseudo-type.
func isSerial(cd *pg_query.ColumnDef) bool {
	names := cd.GetTypeName().GetNames()
	if len(names) == 0 || len(cd.GetTypeName().GetArrayBounds()) > 0 {
		return false
	}
	switch lower(names[len(names)-1].GetString_().GetSval()) {
	case "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2":
		return true
	}
	return false
}

// finalTable returns the table rv names in the catalog, or nil.
func finalTable(c *catalog.Catalog, rv *pg_query.RangeVar) *catalog.Table {
	if rv == nil {
		return nil
	}
	return c.Table(rv.GetSchemaname(), rv.GetRelname())
}

// createdHere reports whether an object's origin is statement s of the file.
func createdHere(p *rules.Pass, o catalog.Origin, s *source.Statement) bool {
	return o.File == p.File.Path && o.Stmt == s.Index
}

// runeLen counts characters, as PostgreSQL measures text length.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// typeList normalizes the rule's "list" setting of type names (as
// catalog.TypeName spells them), memoized per file.
func typeList(p *rules.Pass) []string {
	return p.FileMemo(typeListKey(p.Rule), func() any {
		raw := p.Strings("list")
		out := make([]string, 0, len(raw))
		for _, t := range raw {
			out = append(out, NormalizeType(t))
		}
		return out
	}).([]string)
}

// typeListKey is the memo key of a rule's normalized list: pointer-shaped,
// so looking it up on every statement allocates nothing.
type typeListKey *rules.Rule

// normalizedTypes caches NormalizeType across files and goroutines: each
// call parses a statement, and the same few list entries come back for
// every file.
var normalizedTypes sync.Map // string -> string

// NormalizeType spells a type name as catalog.TypeName does ("int" and
// "serial" are "int4", "VARCHAR(20)" is "varchar(20)"); a name PostgreSQL
// cannot parse as a type is lower-cased.
func NormalizeType(t string) string {
	if v, ok := normalizedTypes.Load(t); ok {
		return v.(string)
	}
	n := normalizeType(t)
	normalizedTypes.Store(t, n)
	return n
}

func normalizeType(t string) string {
	f := source.ParseText("type.sql", "SELECT NULL::"+t)
	if len(f.Statements) == 1 && f.Statements[0].Node != nil {
		sel := f.Statements[0].Node.GetSelectStmt()
		if sel != nil && len(sel.GetTargetList()) == 1 {
			if tc := sel.GetTargetList()[0].GetResTarget().GetVal().GetTypeCast(); tc != nil {
				if n := catalog.TypeName(tc.GetTypeName()); n != "" {
					return n
				}
			}
		}
	}
	return strings.ToLower(strings.TrimSpace(t))
}

// typeIn reports whether a normalized type is in a normalized list; an
// entry without modifiers also matches the type with any ("varchar" covers
// "varchar(20)").
func typeIn(typ string, list []string) bool {
	base, _, _ := strings.Cut(typ, "(")
	for _, e := range list {
		if e == typ || (!strings.Contains(e, "(") && e == base) {
			return true
		}
	}
	return false
}
