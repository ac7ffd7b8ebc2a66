package design

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// TableComment requires a comment on every new table, within a length.
var TableComment = &rules.Rule{
	Code: "SR502", Name: "require-table-comment",
	Aliases:  []string{"table.comment", "TABLE_COMMENT"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Table without a comment, or with one too long",
		Why: "A comment says what a table holds and who owns it, right where every schema browser and `\\d+` shows it. " +
			"With `required` (default true), a table created in the migration must have a non-empty COMMENT ON TABLE by the end of the file; " +
			"a COMMENT ON TABLE longer than `maxLength` characters (default 64; 0 = no limit) is reported where it is set.",
		Bad:  "CREATE TABLE invoices (id bigint PRIMARY KEY);",
		Good: "CREATE TABLE invoices (id bigint PRIMARY KEY);\nCOMMENT ON TABLE invoices IS 'Issued invoices';",
	},
	Settings: map[string]any{"required": true, "maxLength": 64},
	AtEnd: func(p *rules.Pass) {
		checkCommentLength(p, pg_query.ObjectType_OBJECT_TABLE)
		tableCommentAtEnd(p)
	},
}

// ColumnComment requires a comment on every new column, within a length.
var ColumnComment = &rules.Rule{
	Code: "SR503", Name: "require-column-comment",
	Aliases:  []string{"column.comment", "COLUMN_COMMENT"},
	Category: rules.Schema, Severity: rules.Warning, Default: false,
	Doc: rules.Doc{
		Title: "Column without a comment, or with one too long",
		Why: "A comment says what a column means (units, allowed values, who writes it) where every schema browser shows it. " +
			"With `required` (default true), a column the migration creates (CREATE TABLE, ADD COLUMN) must have a non-empty " +
			"COMMENT ON COLUMN by the end of the file; a COMMENT ON COLUMN longer than `maxLength` characters (default 64; 0 = no limit) " +
			"is reported where it is set.",
		Bad:  "CREATE TABLE invoices (id bigint PRIMARY KEY);",
		Good: "CREATE TABLE invoices (id bigint PRIMARY KEY);\nCOMMENT ON COLUMN invoices.id IS 'Invoice number';",
	},
	Settings: map[string]any{"required": true, "maxLength": 64},
	AtEnd: func(p *rules.Pass) {
		checkCommentLength(p, pg_query.ObjectType_OBJECT_COLUMN)
		columnCommentAtEnd(p)
	},
}

// checkCommentLength reports a COMMENT ON of the kind longer than maxLength,
// unless a later COMMENT ON replaces it: the comment that stays counts.
func checkCommentLength(p *rules.Pass, kind pg_query.ObjectType) {
	max := p.Int("maxLength")
	if max <= 0 {
		return
	}
	last := map[string]*source.Statement{}
	var order []string
	for _, s := range p.File.Statements {
		cs := s.Node.GetCommentStmt()
		if cs == nil || cs.GetObjtype() != kind {
			continue
		}
		key := commentObject(cs)
		if _, ok := last[key]; !ok {
			order = append(order, key)
		}
		last[key] = s
	}
	what := "table"
	if kind == pg_query.ObjectType_OBJECT_COLUMN {
		what = "column"
	}
	for _, key := range order {
		s := last[key]
		cs := s.Node.GetCommentStmt()
		if n := runeLen(cs.GetComment()); n > max {
			start, end := commentRange(s)
			p.Reportf(start, end, "the comment on %s %s is %d characters long, more than %d; shorten it", what, key, n, max)
		}
	}
}

// commentRange is the range of the comment string of COMMENT ON ... IS.
func commentRange(s *source.Statement) (int, int) {
	toks := s.Tokens()
	for i := len(toks) - 1; i > 0; i-- {
		if s.TokenIs(i-1, "IS") {
			return toks[i].Start, s.End
		}
	}
	return s.Start, s.End
}

// commentObject renders the object of a COMMENT ON for messages.
func commentObject(cs *pg_query.CommentStmt) string {
	var parts []string
	for _, n := range cs.GetObject().GetList().GetItems() {
		parts = append(parts, n.GetString_().GetSval())
	}
	out := ""
	for i, s := range parts {
		if i > 0 {
			out += "."
		}
		out += rules.Quote(s)
	}
	return out
}

func tableCommentAtEnd(p *rules.Pass) {
	if !p.Bool("required") {
		return
	}
	for _, s := range p.File.Statements {
		cs := s.Node.GetCreateStmt()
		if cs == nil || cs.GetRelation().GetRelpersistence() == "t" {
			continue
		}
		t := finalTable(p.Catalog, cs.GetRelation())
		if t == nil || !createdHere(p, t.Created, s) || t.Comment != "" {
			continue
		}
		start := s.Abs(cs.GetRelation().GetLocation())
		p.Reportf(start, s.NameEndOffset(start), "table %s has no comment by the end of this migration; add COMMENT ON TABLE %s IS '…'",
			rules.RelName(cs.GetRelation()), rules.RelName(cs.GetRelation()))
	}
}

func columnCommentAtEnd(p *rules.Pass) {
	if !p.Bool("required") {
		return
	}
	for _, s := range p.File.Statements {
		for _, cd := range columnDefs(s) {
			if cd.table.GetRelpersistence() == "t" {
				continue
			}
			t := finalTable(p.Catalog, cd.table)
			if t == nil {
				continue
			}
			col := t.Column(cd.def.GetColname())
			if col == nil || !createdHere(p, col.Created, s) || col.Comment != "" {
				continue
			}
			p.Reportf(cd.start, cd.end, "column %s of table %s has no comment by the end of this migration; add COMMENT ON COLUMN %s.%s IS '…'",
				rules.Quote(cd.def.GetColname()), rules.RelName(cd.table), rules.RelName(cd.table), rules.Quote(cd.def.GetColname()))
		}
	}
}
