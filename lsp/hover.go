package lsp

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
)

// Hover shows, in this order of precedence: the docs of a rule named in a
// suppression comment; the docs of the rules whose findings cover the
// position; the definition of the table or column under the cursor from the
// catalog (earlier migrations plus this file).
func (s *Server) Hover(ctx context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	res, _ := s.current(string(p.TextDocument.URI))
	if res == nil || res.file == nil {
		return nil, nil
	}
	off := s.offset(res.lines, p.Position)
	if r, start, end := ruleInSuppression(res.text, res.lines, off); r != nil {
		rg := s.rangeOf(res.lines, start, end)
		return markdown(ruleDoc(r), &rg), nil
	}
	var parts []string
	seen := map[*rules.Rule]bool{}
	for i := range res.findings {
		f := &res.findings[i]
		if f.Suppressed || off < f.StartOffset || off > f.EndOffset || seen[f.Rule] {
			continue
		}
		seen[f.Rule] = true
		parts = append(parts, ruleDoc(f.Rule))
	}
	// Inside a flagged statement the object under the cursor still matters:
	// show it after the findings' docs.
	if tok, ok := tokenAt(res.file, off); ok {
		if md := objectDoc(res.file, s.catalogAt(res, tok.Start), tok); md != "" {
			if len(parts) > 0 {
				return markdown(strings.Join(append(parts, md), "\n\n---\n\n"), nil), nil
			}
			rg := s.rangeOf(res.lines, tok.Start, tok.End)
			return markdown(md, &rg), nil
		}
	}
	if len(parts) > 0 {
		return markdown(strings.Join(parts, "\n\n---\n\n"), nil), nil
	}
	return nil, nil
}

func markdown(md string, rg *protocol.Range) *protocol.Hover {
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}, Range: rg}
}

// catalogAt returns the schema a statement at off runs against: the
// document's catalog plus its own statements before that one.
func (s *Server) catalogAt(res *lintResult, off int) *catalog.Catalog {
	cat := catalog.New()
	if res.path != "" {
		cat = s.catalogBefore(res.path, res.ordered)
	}
	for _, st := range res.file.Statements {
		if st.End >= off {
			break
		}
		if st.Node != nil {
			applyQuietly(cat, st)
		}
	}
	return cat
}

// applyQuietly replays a statement; a crash in the replay only loses its
// effect (hover is best effort).
func applyQuietly(cat *catalog.Catalog, st *source.Statement) {
	defer func() { _ = recover() }()
	cat.Apply(st, catalog.Origin{File: st.File().Path, Stmt: st.Index})
}

// ruleDoc renders a rule's documentation as `sqlreview explain` does.
func ruleDoc(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s) — %s\n\n%s\n", r.Name, r.Code, r.Doc.Title, r.Doc.Why)
	if r.Doc.Bad != "" {
		fmt.Fprintf(&b, "\nBad:\n```sql\n%s\n```\n", strings.TrimSpace(r.Doc.Bad))
	}
	if r.Doc.Good != "" {
		fmt.Fprintf(&b, "\nGood:\n```sql\n%s\n```\n", strings.TrimSpace(r.Doc.Good))
	}
	if r.Doc.FixSafety != "" {
		fmt.Fprintf(&b, "\nFix: %s\n", r.Doc.FixSafety)
	}
	fmt.Fprintf(&b, "\n[%s](%s) · `sqlreview explain %s`", r.Name, r.DocURL(), r.Name)
	return b.String()
}

// ruleInSuppression returns the rule named at off inside a
// `sqlreview:ignore` comment, and the name's byte range.
func ruleInSuppression(text string, lines *source.Lines, off int) (*rules.Rule, int, int) {
	line0, _ := lines.UTF8(off)
	ls := lines.LineStart(line0)
	le := ls
	for le < len(text) && text[le] != '\n' && text[le] != '\r' {
		le++
	}
	d, base, ok := suppressionOnLine(text[ls:le])
	if !ok {
		return nil, 0, 0
	}
	base += ls
	for _, a := range d.Args {
		if off >= base+a.Start && off <= base+a.End {
			if r := all.Lookup(a.Text); r != nil {
				return r, base + a.Start, base + a.End
			}
		}
	}
	return nil, 0, 0
}

// suppressionOnLine finds a `sqlreview:ignore` or `ignore-file` comment
// on a line (or the part of one typed so far) and the offset in the line
// where its comment starts.
func suppressionOnLine(line string) (source.Directive, int, bool) {
	for i := strings.Index(line, "--"); i >= 0; {
		d, ok := source.ParseDirective(line[i:])
		if ok && (d.Name == source.DirectiveIgnore || d.Name == source.DirectiveIgnoreFile) {
			return d, i, true
		}
		next := strings.Index(line[i+2:], "--")
		if next < 0 {
			break
		}
		i += 2 + next
	}
	return source.Directive{}, 0, false
}

func isSep(c byte) bool { return c == ' ' || c == '\t' || c == ',' }

// tokenAt returns the identifier token covering off.
func tokenAt(f *source.File, off int) (source.Token, bool) {
	// The cursor may touch two tokens ("(|email"): either may be the name.
	i := sort.Search(len(f.Tokens), func(i int) bool { return f.Tokens[i].End >= off })
	for ; i < len(f.Tokens) && f.Tokens[i].Start <= off; i++ {
		if t := f.Tokens[i]; t.Kind == source.Ident || t.Kind == source.QuotedIdent {
			return t, true
		}
	}
	return source.Token{}, false
}

// identName is the name an identifier token denotes (unquoted names fold to
// lower case, as in PostgreSQL).
func identName(f *source.File, t source.Token) string {
	s := f.TokenText(t)
	if t.Kind == source.QuotedIdent && len(s) >= 2 && s[0] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return strings.ToLower(s)
}

// objectDoc describes the object tok names, as resolve.go's objectAt
// finds it: a table with its columns, a column or constraint with its
// table, an index, a type or a function.
func objectDoc(f *source.File, cat *catalog.Catalog, tok source.Token) string {
	o, ok := objectAt(f, cat, tok)
	if !ok {
		return ""
	}
	switch o.Kind {
	case "table":
		return tableDoc(o.Table)
	case "column":
		c := o.Table.Column(o.Name)
		return fmt.Sprintf("column **%s.%s** `%s`\n\n%s", o.Table.Name, c.Name, columnDef(c), "```sql\n"+tableSQL(o.Table)+"\n```")
	case "constraint":
		con := o.Table.Constraint(o.Name)
		what := "(" + strings.Join(con.Columns, ", ") + ")"
		if con.Expr != "" {
			what = "(" + con.Expr + ")"
		}
		return fmt.Sprintf("constraint **%s** %s %s on **%s**\n\n%s", con.Name, con.Type, what, o.Table.Name, "```sql\n"+tableSQL(o.Table)+"\n```")
	case "index":
		ix := cat.Index(qualifierOf(f, tok), o.Name)
		if ix.Placeholder {
			// Known only from an ALTER INDEX: its table and columns are not.
			return fmt.Sprintf("index **%s.%s** (existing; its table and columns are not in the replayed migrations)", ix.Schema, ix.Name)
		}
		return fmt.Sprintf("index **%s.%s** on %s (%s)", ix.Schema, ix.Name, ix.Table, strings.Join(ix.Columns, ", "))
	case "type":
		ty := cat.Type(qualifierOf(f, tok), o.Name)
		return fmt.Sprintf("%s type **%s.%s** %s", ty.Kind, ty.Schema, ty.Name, strings.Join(ty.Values, ", "))
	case "function":
		vol, _ := cat.FunctionVolatility(f.TokenText(tok))
		return fmt.Sprintf("function **%s** (%s)", o.Name, vol)
	}
	return ""
}

func columnDef(c *catalog.Column) string {
	s := c.Type
	if c.NotNull {
		s += " NOT NULL"
	}
	if c.Default != "" {
		s += " DEFAULT " + c.Default
	}
	if c.Identity != "" {
		s += " GENERATED " + strings.ToUpper(c.Identity) + " AS IDENTITY"
	}
	return s
}

func tableDoc(t *catalog.Table) string {
	where := ""
	if t.Created.File != "" {
		where = fmt.Sprintf("\n\ncreated in `%s`", t.Created.File)
	} else if t.Placeholder {
		where = "\n\ncreated before the migrations sqlreview reads: only the changes they make to it are known"
	}
	return fmt.Sprintf("%s **%s.%s**\n\n```sql\n%s\n```%s", t.Kind, t.Schema, t.Name, tableSQL(t), where)
}

func tableSQL(t *catalog.Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (", t.Name)
	if t.ColumnsUnknown {
		b.WriteString("\n  -- columns unknown")
	}
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n  %s %s", c.Name, columnDef(c))
	}
	for _, c := range t.Constraints {
		if c.Type == catalog.NotNullCon {
			continue
		}
		if c.Placeholder {
			fmt.Fprintf(&b, ",\n  CONSTRAINT %s -- validated; created before the replayed migrations, definition unknown", c.Name)
			continue
		}
		fmt.Fprintf(&b, ",\n  CONSTRAINT %s %s (%s)", c.Name, c.Type, strings.Join(c.Columns, ", "))
		if !c.Validated {
			b.WriteString(" NOT VALID")
		}
	}
	b.WriteString("\n)")
	return b.String()
}
