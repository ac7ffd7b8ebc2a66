package lsp

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/source"
)

// object is a schema object the replay knows, as named at some position:
// what definition, references, hover and symbols share. It is
// protocol-free: positions are byte offsets of source files.
type object struct {
	Kind   string // "table", "column", "index", "type", "constraint", "function"
	Name   string // the object's name (a column's or constraint's own name)
	Origin catalog.Origin
	Table  *catalog.Table // the table itself, or the column's or constraint's table
}

// same reports whether a and b are one object: same kind, name and
// creating statement (a table dropped and created again is another one).
func (a object) same(b object) bool {
	return a.Kind == b.Kind && a.Name == b.Name && a.Origin == b.Origin
}

// objectAt resolves the identifier tok of f against cat, the schema its
// statement runs against: a relation, index, type or function by name
// (schema-qualified when the source qualifies it), else a column or
// constraint of a table the same statement names.
func objectAt(f *source.File, cat *catalog.Catalog, tok source.Token) (object, bool) {
	return resolveName(f, cat, tok, nil)
}

// resolveName is objectAt given the tables of tok's statement (nil: look
// them up), which replayStatement computes once for all its names.
func resolveName(f *source.File, cat *catalog.Catalog, tok source.Token, tables []*catalog.Table) (object, bool) {
	name := identName(f, tok)
	schema := qualifierOf(f, tok)
	if t := cat.Table(schema, name); t != nil {
		return object{Kind: "table", Name: t.Name, Origin: t.Created, Table: t}, true
	}
	if ix := cat.Index(schema, name); ix != nil {
		return object{Kind: "index", Name: ix.Name, Origin: ix.Created, Table: cat.Table(ix.Schema, ix.Table)}, true
	}
	if ty := cat.Type(schema, name); ty != nil {
		return object{Kind: "type", Name: ty.Name, Origin: ty.Created}, true
	}
	if key, ok := functionKey(cat, schema, name); ok {
		return object{Kind: "function", Name: name, Origin: cat.FunctionOrigins[key]}, true
	}
	if tables == nil {
		st := statementAt(f, tok.Start)
		if st == nil {
			return object{}, false
		}
		tables = tablesNamedIn(f, st, cat)
	}
	for _, t := range tables {
		if c := t.Column(name); c != nil {
			return object{Kind: "column", Name: c.Name, Origin: c.Created, Table: t}, true
		}
		if con := t.Constraint(name); con != nil {
			return object{Kind: "constraint", Name: con.Name, Origin: con.Created, Table: t}, true
		}
	}
	return object{}, false
}

// functionKey finds a replayed function as a call names it.
func functionKey(cat *catalog.Catalog, schema, name string) (string, bool) {
	if cat.FunctionOrigins == nil {
		return "", false
	}
	if schema != "" {
		_, ok := cat.FunctionOrigins[schema+"."+name]
		return schema + "." + name, ok
	}
	for _, sp := range cat.SearchPath {
		if _, ok := cat.FunctionOrigins[strings.ToLower(sp)+"."+name]; ok {
			return strings.ToLower(sp) + "." + name, true
		}
	}
	return "", false
}

// qualifierOf returns the schema written before tok ("s" in s.t), or "".
func qualifierOf(f *source.File, tok source.Token) string {
	i := sort.Search(len(f.Tokens), func(i int) bool { return f.Tokens[i].Start >= tok.Start })
	if i >= 2 && f.TokenText(f.Tokens[i-1]) == "." && isIdent(f.Tokens[i-2]) {
		return identName(f, f.Tokens[i-2])
	}
	return ""
}

func isIdent(t source.Token) bool { return t.Kind == source.Ident || t.Kind == source.QuotedIdent }

// statementAt returns the statement whose text covers off, or nil.
func statementAt(f *source.File, off int) *source.Statement {
	for _, st := range f.Statements {
		if off >= st.Start && off <= st.End {
			return st
		}
	}
	return nil
}

// tablesNamedIn lists the tables of cat that st names, in order.
func tablesNamedIn(f *source.File, st *source.Statement, cat *catalog.Catalog) []*catalog.Table {
	var out []*catalog.Table
	seen := map[*catalog.Table]bool{}
	for _, t := range st.Tokens() {
		if !isIdent(t) {
			continue
		}
		if tb := cat.Table(qualifierOf(f, t), identName(f, t)); tb != nil && !seen[tb] {
			seen[tb] = true
			out = append(out, tb)
		}
	}
	return out
}

// nameRange is where a statement spells an object's name: its first
// identifier token with that name, else the whole statement.
func nameRange(st *source.Statement, name string) (int, int) {
	f := st.File()
	for _, t := range st.Tokens() {
		if isIdent(t) && identName(f, t) == name {
			return t.Start, t.End
		}
	}
	return st.Start, st.End
}

// migrationSet is the directory's migrations as path's database runs them,
// in order, path included (last when it has no version: such a file sees
// every migration), parsed from read (open buffers, else disk).
func migrationSet(path string, ordered []string, read func(string) []byte) []*source.File {
	v, versioned := migfile.Parse(filepath.Base(path))
	var files []string
	for _, p := range ordered {
		pv, ok := migfile.Parse(filepath.Base(p))
		switch {
		case p == path:
			if versioned {
				files = append(files, p)
			}
		case ok && (pv.Database == "" || v.Database == "" || pv.Database == v.Database):
			files = append(files, p)
		}
	}
	if !versioned {
		files = append(files, path)
	}
	var out []*source.File
	for _, p := range files {
		data := read(p)
		if data == nil || migfile.IsSchemaDumpFile(p, data) {
			continue
		}
		out = append(out, source.Parse(p, data))
	}
	return out
}

// occurrence is an identifier of a statement and the object it names.
type occurrence struct {
	Tok source.Token
	Obj object
}

// replayStatement applies st to cat and returns the objects its
// identifiers name (only those spelled only, when only is not ""): each
// resolved against the schema before the statement, or, for what the
// statement itself creates, after it.
func replayStatement(f *source.File, st *source.Statement, cat *catalog.Catalog, only string) []occurrence {
	var found []occurrence
	var pending []source.Token
	tables := tablesNamedIn(f, st, cat)
	for _, t := range st.Tokens() {
		if !isIdent(t) || (only != "" && identName(f, t) != only) {
			continue
		}
		if o, ok := resolveName(f, cat, t, tables); ok {
			found = append(found, occurrence{t, o})
		} else {
			pending = append(pending, t)
		}
	}
	if st.Node != nil {
		applyQuietly(cat, st)
	}
	if len(pending) > 0 {
		tables = tablesNamedIn(f, st, cat)
	}
	for _, t := range pending {
		if o, ok := resolveName(f, cat, t, tables); ok {
			found = append(found, occurrence{t, o})
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Tok.Start < found[j].Tok.Start })
	return found
}

// span is a byte range of a migration file.
type span struct {
	Path       string
	Start, End int
}

// definitionAt finds the statement that created the object named at off
// in f: cat is the schema before off's statement, files the parsed
// migrations to look the creating statement up in (by path).
func definitionAt(f *source.File, cat *catalog.Catalog, off int, fileOf func(string) *source.File) (span, bool) {
	tok, ok := tokenAt(f, off)
	st := statementAt(f, off)
	if !ok || st == nil {
		return span{}, false
	}
	for _, oc := range replayStatement(f, st, cat, identName(f, tok)) {
		if oc.Tok != tok || oc.Obj.Origin.File == "" {
			continue
		}
		def := fileOf(oc.Obj.Origin.File)
		if def == nil || oc.Obj.Origin.Stmt >= len(def.Statements) {
			return span{}, false
		}
		ds := def.Statements[oc.Obj.Origin.Stmt]
		start, end := nameRange(ds, oc.Obj.Name)
		return span{def.Path, start, end}, true
	}
	return span{}, false
}

// reference is one place a migration names an object; decl marks the name
// the creating statement gives it.
type reference struct {
	span
	decl bool
}

// referencesAt lists every identifier of files (the migrations in replay
// order) that names the object named at off in the file at path.
func referencesAt(files []*source.File, path string, off int) []reference {
	name := ""
	for _, f := range files {
		if tok, ok := tokenAt(f, off); ok && f.Path == path {
			name = identName(f, tok)
		}
	}
	if name == "" {
		return nil
	}
	var target *object
	var all []reference
	var objs []object
	cat := catalog.New()
	for _, f := range files {
		for _, st := range f.Statements {
			for _, oc := range replayStatement(f, st, cat, name) {
				if f.Path == path && oc.Tok.Start <= off && off <= oc.Tok.End {
					o := oc.Obj
					target = &o
				}
				declStart, _ := nameRange(st, oc.Obj.Name)
				decl := oc.Obj.Origin == (catalog.Origin{File: f.Path, Stmt: st.Index}) && declStart == oc.Tok.Start
				all = append(all, reference{span{f.Path, oc.Tok.Start, oc.Tok.End}, decl})
				objs = append(objs, oc.Obj)
			}
		}
	}
	if target == nil {
		return nil
	}
	var out []reference
	for i, r := range all {
		if objs[i].same(*target) {
			out = append(out, r)
		}
	}
	return out
}
