// Package types holds the rules about column type choices.
package types

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// column is a column type written in a statement.
type column struct {
	name  string
	typ   *pg_query.TypeName
	table *pg_query.RangeVar
	// creating is set when the statement creates the column (CREATE TABLE,
	// ADD COLUMN), so changing its type touches no existing data.
	creating bool
}

// columns returns the column types a statement writes: CREATE TABLE and
// CREATE FOREIGN TABLE columns, ADD COLUMN and ALTER COLUMN ... TYPE.
func columns(p *rules.Pass) []column {
	var out []column
	addCreate := func(cs *pg_query.CreateStmt) {
		for _, el := range cs.GetTableElts() {
			if cd := el.GetColumnDef(); cd != nil && cd.GetTypeName() != nil {
				out = append(out, column{name: cd.GetColname(), typ: cd.GetTypeName(), table: cs.GetRelation(), creating: true})
			}
		}
	}
	switch v := p.Stmt.Node.GetNode().(type) {
	case *pg_query.Node_CreateStmt:
		addCreate(v.CreateStmt)
	case *pg_query.Node_CreateForeignTableStmt:
		addCreate(v.CreateForeignTableStmt.GetBaseStmt())
	case *pg_query.Node_AlterTableStmt:
		rel := v.AlterTableStmt.GetRelation()
		newTable := p.IsNewTable(rel.GetSchemaname(), rel.GetRelname())
		for _, c := range v.AlterTableStmt.GetCmds() {
			cmd := c.GetAlterTableCmd()
			cd := cmd.GetDef().GetColumnDef()
			if cd == nil || cd.GetTypeName() == nil {
				continue
			}
			switch cmd.GetSubtype() {
			case pg_query.AlterTableType_AT_AddColumn:
				out = append(out, column{name: cd.GetColname(), typ: cd.GetTypeName(), table: rel, creating: true})
			case pg_query.AlterTableType_AT_AlterColumnType:
				out = append(out, column{name: cmd.GetName(), typ: cd.GetTypeName(), table: rel, creating: newTable})
			}
		}
	}
	return out
}

// baseName returns the type's name without a pg_catalog qualifier, or ""
// for a type in another schema.
func baseName(tn *pg_query.TypeName) string {
	names := tn.GetNames()
	switch {
	case len(names) == 1:
		return names[0].GetString_().GetSval()
	case len(names) == 2 && names[0].GetString_().GetSval() == "pg_catalog":
		return names[1].GetString_().GetSval()
	}
	return ""
}

// typeSpan is where a type name sits in the source.
type typeSpan struct {
	start, end int    // the whole type: "timestamp(3) without time zone[]"
	base       string // the name as written, lower-cased: "integer", "timestamp"
	mods       string // the typmods as written: "(3)"
	array      string // the array suffix as written: "[]", " ARRAY[4]"
}

// spanOf finds a type name in the source by walking its tokens: the
// (qualified, possibly two-word) name, typmods, WITH[OUT] TIME ZONE and
// array bounds, stopping at the first token that belongs to what follows
// (NOT NULL, DEFAULT, a constraint, USING, ',' or ')').
func spanOf(s *source.Statement, tn *pg_query.TypeName) (typeSpan, bool) {
	toks, f := s.Tokens(), s.File()
	i := s.TokenIndex(s.Abs(tn.GetLocation()))
	if i < 0 || tn.GetLocation() < 0 {
		return typeSpan{}, false
	}
	word := func(j int) string {
		if j < len(toks) && (toks[j].Kind == source.Ident || toks[j].Kind == source.QuotedIdent) {
			return strings.ToLower(f.TokenText(toks[j]))
		}
		return ""
	}
	punct := func(j int, c byte) bool {
		return j < len(toks) && toks[j].Kind == source.Punct && f.Text[toks[j].Start] == c
	}
	// balanced skips the bracketed group that opens at token j.
	balanced := func(j int) int {
		depth := 0
		for ; j < len(toks); j++ {
			if toks[j].Kind != source.Punct {
				continue
			}
			switch f.Text[toks[j].Start] {
			case '(', '[':
				depth++
			case ')', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return j
	}
	if word(i) == "" {
		return typeSpan{}, false
	}
	sp := typeSpan{start: toks[i].Start}
	j := i + 1
	for punct(j, '.') && word(j+1) != "" {
		j += 2
	}
	switch word(j) {
	case "precision", "varying":
		j++
	}
	baseStart := i
	if j-1 > i {
		// Keep only the last part of pg_catalog.int4 as the written name.
		baseStart = j - 1
		if word(j-1) == "precision" || word(j-1) == "varying" {
			baseStart = j - 2
		}
	}
	sp.base = strings.ToLower(f.Text[toks[baseStart].Start:toks[j-1].End])
	sp.end = toks[j-1].End
	if punct(j, '(') {
		k := balanced(j)
		sp.mods = f.Text[toks[j].Start:toks[k-1].End]
		sp.end, j = toks[k-1].End, k
	}
	if (word(j) == "with" || word(j) == "without") && word(j+1) == "time" && word(j+2) == "zone" {
		sp.end, j = toks[j+2].End, j+3
	}
	arrStart := -1
	for {
		if punct(j, '[') {
			if arrStart < 0 {
				arrStart = sp.end
			}
			k := balanced(j)
			sp.end, j = toks[k-1].End, k
			continue
		}
		if word(j) == "array" {
			if arrStart < 0 {
				arrStart = sp.end
			}
			sp.end, j = toks[j].End, j+1
			continue
		}
		break
	}
	if arrStart >= 0 {
		sp.array = f.Text[arrStart:sp.end]
	}
	return sp, true
}
