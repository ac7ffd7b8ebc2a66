package source

import (
	"bytes"
	"sort"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Migrations hide DDL in PL/pgSQL: a DO block that creates an index or adds
// a foreign key only if it is missing, a function that builds indexes with
// EXECUTE format(...). libpg_query parses PL/pgSQL too; its tree gives each
// SQL statement's verbatim text and line in the body, from which the
// statement's exact offset in the file follows.

// Body is the SQL that a DO block or a LANGUAGE plpgsql function runs.
type Body struct {
	// Statements are the body's static SQL statements, parsed, with
	// offsets in the enclosing file. Their tokens come from a copy of the
	// file where everything but these statements is blank, so every
	// position helper works on them; Statement.Index is the enclosing
	// statement's.
	Statements []*Statement
	// Executes are the body's dynamic EXECUTE statements.
	Executes []Execute
	// Deferred is set for a function body: it runs when the function is
	// called, not when the migration runs.
	Deferred bool
}

// Execute is a dynamic EXECUTE: the SQL it runs is built at run time, so no
// review can see it.
type Execute struct {
	// Start and End delimit the query expression in the file.
	Start, End int
	// Literals are the string constants of the expression ("CREATE INDEX
	// %I ON t (a)" in format('CREATE INDEX %I ON t (a)', name)).
	Literals []string
}

// Body returns the PL/pgSQL the statement runs, or nil when it is neither a
// DO block nor a LANGUAGE plpgsql function, or the body does not parse.
func (s *Statement) Body() *Body { return s.body }

// parseBodies parses the PL/pgSQL body of every DO block and plpgsql
// function of the file. The bodies' static statements are written at their
// offsets into one copy of the file's blank text, which every body's
// statements then share.
func (f *File) parseBodies() {
	var masked []byte
	type placed struct {
		s          *Statement
		start, end int
	}
	var static []placed
	for _, s := range f.Statements {
		if s.Node == nil {
			continue
		}
		var start, end int
		if s.body, start, end = s.parseBody(&masked); end > start {
			static = append(static, placed{s, start, end})
		}
	}
	if len(static) == 0 {
		return
	}
	text := string(masked)
	for _, p := range static {
		p.s.body.parseStatic(p.s, text, p.start, p.end)
	}
}

// blankText is the file's text with every character but newlines made a
// space, worked out once per file: the bodies' statements are written into
// a copy of it, at their offsets.
func (f *File) blankText() string {
	if f.blank == "" && f.Text != "" {
		b := []byte(f.Text)
		for i, c := range b {
			if c != '\n' {
				b[i] = ' '
			}
		}
		f.blank = string(b)
	}
	return f.blank
}

// parseBody reads the statement's PL/pgSQL body: its dynamic statements,
// and its static ones written into *masked (a copy of the file's blank text,
// made at the first), whose range it returns for parseStatic.
func (s *Statement) parseBody(masked *[]byte) (b *Body, start, end int) {
	var deferred bool
	var opts []*pg_query.Node
	switch v := s.Node.GetNode().(type) {
	case *pg_query.Node_DoStmt:
		opts = v.DoStmt.GetArgs()
	case *pg_query.Node_CreateFunctionStmt:
		opts, deferred = v.CreateFunctionStmt.GetOptions(), true
	default:
		return nil, 0, 0
	}
	lang, code := "plpgsql", ""
	for _, o := range opts {
		d := o.GetDefElem()
		switch d.GetDefname() {
		case "language":
			lang = strings.ToLower(d.GetArg().GetString_().GetSval())
		case "as":
			if l := d.GetArg().GetList().GetItems(); len(l) == 1 {
				code = l[0].GetString_().GetSval()
			} else if str := d.GetArg().GetString_(); str != nil {
				code = str.GetSval()
			}
		}
	}
	if lang != "plpgsql" || code == "" {
		return nil, 0, 0
	}
	start, ok := s.bodyOffset(code)
	if !ok {
		return nil, 0, 0 // an escaped string: offsets in it would not be the file's
	}
	items, ok := plpgsqlItems(s.Text())
	if !ok {
		return nil, 0, 0
	}
	b = &Body{Deferred: deferred}
	if b.place(s, masked, start, code, items) == 0 {
		return b, 0, 0
	}
	return b, start, min(len(*masked), start+len(code)+1)
}

// bodyOffset finds the string token holding code verbatim and returns the
// file offset of its first byte: the body of a dollar quote, or of a plain
// '...' string without doubled quotes.
func (s *Statement) bodyOffset(code string) (int, bool) {
	for _, t := range s.Tokens() {
		text := s.file.Text[t.Start:t.End]
		switch t.Kind {
		case DollarStr:
			open := strings.IndexByte(text[1:], '$') + 2
			if open <= 1 || len(text) < 2*open {
				continue
			}
			if text[open:len(text)-open] == code {
				return t.Start + open, true
			}
		case String:
			if len(text) >= 2 && text[0] == '\'' && text[1:len(text)-1] == code {
				return t.Start + 1, true
			}
		}
	}
	return 0, false
}

// plpgsqlItem is a statement of a PL/pgSQL body that runs SQL.
type plpgsqlItem struct {
	line    int    // 1-based line in the body
	query   string // verbatim SQL text (static) or expression (dynamic)
	dynamic bool
}

// plpgsqlItems lists the SQL statements and dynamic EXECUTEs of the
// PL/pgSQL in stmt (a DO or CREATE FUNCTION statement), in body order.
func plpgsqlItems(stmt string) ([]plpgsqlItem, bool) {
	js, err := parsePLpgSQL(stmt)
	if err != nil {
		return nil, false
	}
	var items []plpgsqlItem
	if collectItems(jsontext.NewDecoder(strings.NewReader(js), jsontext.AllowDuplicateNames(true)), &items) != nil {
		return nil, false
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].line < items[j].line })
	return items, true
}

// collectItems reads the next JSON value of the tree of a PL/pgSQL function
// from dec, token by token (a generic decode into maps was most of a body's
// cost), adding its SQL statements and dynamic EXECUTEs in document order.
func collectItems(dec *jsontext.Decoder, out *[]plpgsqlItem) error {
	switch dec.PeekKind() {
	case '[':
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		for dec.PeekKind() != ']' {
			if err := collectItems(dec, out); err != nil {
				return err
			}
		}
		_, err := dec.ReadToken()
		return err
	case '{':
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		for dec.PeekKind() != '}' {
			key, err := dec.ReadToken()
			if err != nil {
				return err
			}
			switch name := key.String(); name {
			case "PLpgSQL_stmt_execsql", "PLpgSQL_stmt_dynexecute":
				raw, err := dec.ReadValue()
				if err != nil {
					return err
				}
				var st plpgsqlStmt
				if err := jsonv2.Unmarshal(raw, &st, jsontext.AllowDuplicateNames(true)); err != nil {
					return err
				}
				switch {
				case name == "PLpgSQL_stmt_dynexecute":
					*out = append(*out, plpgsqlItem{line: st.Lineno, query: st.Query.Expr.Query, dynamic: true})
				case !st.Into:
					// SELECT ... INTO a variable is not SELECT INTO a table.
					*out = append(*out, plpgsqlItem{line: st.Lineno, query: st.SQLStmt.Expr.Query})
				}
				if err := collectItems(jsontext.NewDecoder(bytes.NewReader(raw), jsontext.AllowDuplicateNames(true)), out); err != nil {
					return err
				}
			default:
				if err := collectItems(dec, out); err != nil {
					return err
				}
			}
		}
		_, err := dec.ReadToken()
		return err
	default:
		return dec.SkipValue()
	}
}

// plpgsqlStmt is what collectItems reads of an SQL statement or dynamic
// EXECUTE of a PL/pgSQL body.
type plpgsqlStmt struct {
	Lineno  int          `json:"lineno"`
	Into    bool         `json:"into"`
	SQLStmt plpgsqlQuery `json:"sqlstmt"`
	Query   plpgsqlQuery `json:"query"`
}

type plpgsqlQuery struct {
	Expr struct {
		Query string `json:"query"`
	} `json:"PLpgSQL_expr"`
}

// place finds each item's text in the body (it is verbatim, on its line or
// after), writes the static statements into *masked at their file offsets
// and records the dynamic ones. It returns how many static statements it
// wrote.
func (b *Body) place(s *Statement, masked *[]byte, start int, code string, items []plpgsqlItem) (static int) {
	lines := NewLines(code)
	from, lastLine := 0, 0
	for _, it := range items {
		if it.query == "" {
			continue
		}
		if it.line < 1 || it.line > lines.Count() {
			continue
		}
		lineStart := lines.LineStart(it.line - 1)
		if it.line != lastLine || from < lineStart {
			from = lineStart
		}
		k := strings.Index(code[from:], it.query)
		if k < 0 {
			continue
		}
		off := from + k
		from, lastLine = off+len(it.query), it.line
		fileOff := start + off
		if it.dynamic {
			b.Executes = append(b.Executes, Execute{Start: fileOff, End: fileOff + len(it.query), Literals: stringLiterals(it.query)})
			continue
		}
		if *masked == nil {
			*masked = []byte(s.file.blankText())
		}
		copy((*masked)[fileOff:], it.query)
		(*masked)[fileOff+len(it.query)] = ';'
		static++
	}
	return static
}

// parseStatic splits and parses the body's static statements, in text[from:to]
// (the file's blank text with the bodies' static statements written in).
func (b *Body) parseStatic(s *Statement, text string, from, to int) {
	sub := &File{Path: s.file.Path, Text: text, lines: s.file.lines}
	// Outside the bodies the text is blank: only this body needs splitting.
	sub.splitRange(from, to)
	sub.parseAll(sub.Statements)
	for _, es := range sub.Statements {
		if es.Node == nil {
			continue // PL/pgSQL the SQL parser does not take: nothing to review
		}
		es.Index = s.Index
		b.Statements = append(b.Statements, es)
	}
}

// stringLiterals returns the string constants of a SQL expression.
func stringLiterals(expr string) []string {
	res, err := parseSQL("SELECT " + expr)
	if err != nil {
		return nil
	}
	var out []string
	walkConsts(res.ProtoReflect(), &out)
	return out
}

func walkConsts(m protoreflect.Message, out *[]string) {
	if c, ok := m.Interface().(*pg_query.A_Const); ok {
		if sv := c.GetSval(); sv != nil {
			*out = append(*out, sv.GetSval())
		}
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Kind() != protoreflect.MessageKind:
		case fd.IsList():
			for i := 0; i < v.List().Len(); i++ {
				walkConsts(v.List().Get(i).Message(), out)
			}
		case !fd.IsMap():
			walkConsts(v.Message(), out)
		}
		return true
	})
}
