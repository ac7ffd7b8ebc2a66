package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
)

// DocumentSymbol outlines the file: one symbol per statement, its children
// the objects it creates, alters or drops, as the replay resolves them.
func (s *Server) DocumentSymbol(ctx context.Context, p *protocol.DocumentSymbolParams) (protocol.DocumentSymbolResult, error) {
	res, _ := s.current(string(p.TextDocument.URI))
	out := protocol.DocumentSymbolSlice{}
	if res == nil || res.file == nil {
		return out, nil
	}
	for _, o := range outline(res.file, s.catalogAt(res, 0)) {
		sym := protocol.DocumentSymbol{Name: o.title, Kind: protocol.SymbolKindEvent,
			Range: s.rangeOf(res.lines, o.start, o.end), SelectionRange: s.rangeOf(res.lines, o.start, o.end)}
		for _, c := range o.objects {
			rg := s.rangeOf(res.lines, c.Tok.Start, c.Tok.End)
			sym.Children = append(sym.Children, protocol.DocumentSymbol{Name: c.Obj.Name, Detail: ptr(c.verb + " " + c.Obj.Kind),
				Kind: symbolKind(c.Obj.Kind), Range: rg, SelectionRange: rg})
		}
		out = append(out, sym)
	}
	s.mu.Lock()
	flat := s.flatSymbols
	s.mu.Unlock()
	if flat {
		u := p.TextDocument.URI
		if res.path != "" {
			u = s.uriOf(res.path) // the client's own spelling
		}
		return flatten(out, u), nil
	}
	return out, nil
}

// flatten lists a hierarchical outline as SymbolInformation, for clients
// that did not declare hierarchicalDocumentSymbolSupport: each statement,
// then the objects it touches, named with the statement as their container.
func flatten(tree protocol.DocumentSymbolSlice, u uri.URI) protocol.SymbolInformationSlice {
	out := protocol.SymbolInformationSlice{}
	for _, st := range tree {
		out = append(out, protocol.SymbolInformation{BaseSymbolInformation: protocol.BaseSymbolInformation{Name: st.Name, Kind: st.Kind},
			Location: protocol.Location{URI: u, Range: st.Range}})
		for _, c := range st.Children {
			name := c.Name
			if c.Detail != nil {
				name += " (" + *c.Detail + ")"
			}
			out = append(out, protocol.SymbolInformation{BaseSymbolInformation: protocol.BaseSymbolInformation{Name: name, Kind: c.Kind, ContainerName: ptr(st.Name)},
				Location: protocol.Location{URI: u, Range: c.Range}})
		}
	}
	return out
}

func symbolKind(kind string) protocol.SymbolKind {
	switch kind {
	case "table":
		return protocol.SymbolKindStruct
	case "column":
		return protocol.SymbolKindField
	case "index":
		return protocol.SymbolKindKey
	case "type":
		return protocol.SymbolKindTypeParameter
	case "function":
		return protocol.SymbolKindFunction
	}
	return protocol.SymbolKindObject // constraints
}

// stmtOutline is one statement of the outline.
type stmtOutline struct {
	title      string // the statement's first words, e.g. "CREATE TABLE users"
	start, end int
	objects    []touched
}

// touched is an object a statement names and what it does to it.
type touched struct {
	occurrence
	verb string // "creates", "alters", "drops" or "uses"
}

// outline replays f's statements on cat (the schema before f) and lists,
// for each, the objects it names, each once.
func outline(f *source.File, cat *catalog.Catalog) []stmtOutline {
	var out []stmtOutline
	for _, st := range f.Statements {
		o := stmtOutline{title: statementTitle(f, st), start: st.Start, end: st.End}
		verb := "uses"
		if ws := strings.Fields(o.title); len(ws) > 0 {
			switch ws[0] {
			case "ALTER", "COMMENT", "VALIDATE":
				verb = "alters"
			case "DROP":
				verb = "drops"
			}
		}
		seen := map[object]bool{}
		for _, oc := range replayStatement(f, st, cat, "") {
			if seen[oc.Obj] {
				continue
			}
			seen[oc.Obj] = true
			v := verb
			if oc.Obj.Origin == (catalog.Origin{File: f.Path, Stmt: st.Index}) {
				v = "creates"
			}
			o.objects = append(o.objects, touched{oc, v})
		}
		out = append(out, o)
	}
	return out
}

// statementTitle is the statement's leading keywords and the (possibly
// qualified) name after them, upper-casing keywords: "CREATE TABLE app.users".
func statementTitle(f *source.File, st *source.Statement) string {
	var words []string
	toks := st.Tokens()
	for i := 0; i < len(toks) && len(words) < 6; i++ {
		t := toks[i]
		if !isIdent(t) {
			break
		}
		if w := f.TokenText(t); t.Kind == source.Ident && titleKeywords[strings.ToLower(w)] {
			words = append(words, strings.ToUpper(w))
			continue
		}
		name := f.TokenText(t)
		for i+2 < len(toks) && f.TokenText(toks[i+1]) == "." && isIdent(toks[i+2]) {
			name += "." + f.TokenText(toks[i+2])
			i += 2
		}
		words = append(words, name)
		break
	}
	return strings.Join(words, " ")
}

var titleKeywords = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`create alter drop or replace unique index concurrently if not exists table view
		materialized type domain function procedure trigger sequence schema extension insert into update delete from
		select comment on column constraint add rename set begin commit rollback do unlogged temp temporary
		grant revoke truncate validate policy`) {
		titleKeywords[k] = true
	}
}
