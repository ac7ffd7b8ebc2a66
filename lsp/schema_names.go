package lsp

import (
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/source"
)

// completeSchemaNames offers the tables, types and functions of the schema
// the statement at off runs against (earlier migrations plus this file's
// statements before it), and the columns of the tables that statement
// names, replacing the word being typed.
func (s *Server) completeSchemaNames(key string, off int) (protocol.CompletionResult, error) {
	res, _ := s.current(key)
	if res == nil || res.file == nil || inCommentOrString(res.file, off) {
		return nil, nil
	}
	start := off
	for start > 0 && isNameByte(res.text[start-1]) {
		start--
	}
	cat := s.catalogAt(res, off)
	rg := s.rangeOf(res.lines, start, off)
	items := protocol.CompletionItemSlice{}
	for _, n := range schemaNames(res.file, cat, off) {
		items = append(items, protocol.CompletionItem{Label: n.name, Kind: n.kind, Detail: protocol.NewOptional(n.detail),
			TextEdit: &protocol.TextEdit{Range: rg, NewText: n.name}})
	}
	return items, nil
}

// schemaName is a completion candidate.
type schemaName struct {
	name, detail string
	kind         protocol.CompletionItemKind
}

// schemaNames lists, in this order: the columns of the tables named by the
// statement at off (as declared), then tables, types and functions, each group sorted.
func schemaNames(f *source.File, cat *catalog.Catalog, off int) []schemaName {
	var cols, rels, types, funcs []schemaName
	if st := statementBefore(f, off); st != nil {
		for _, t := range tablesNamedIn(f, st, cat) {
			for _, c := range t.Columns {
				cols = append(cols, schemaName{c.Name, t.Name + "." + c.Name + " " + columnDef(c), protocol.CompletionItemKindField})
			}
		}
	}
	for _, sc := range cat.Schemas {
		for _, t := range sc.Tables {
			rels = append(rels, schemaName{t.Name, string(t.Kind) + " " + t.Schema + "." + t.Name, protocol.CompletionItemKindClass})
		}
		for _, ty := range sc.Types {
			types = append(types, schemaName{ty.Name, ty.Kind + " " + ty.Schema + "." + ty.Name, protocol.CompletionItemKindTypeParameter})
		}
	}
	for key, vol := range cat.Functions {
		name := key[strings.LastIndex(key, ".")+1:]
		funcs = append(funcs, schemaName{name, "function " + key + " (" + vol + ")", protocol.CompletionItemKindFunction})
	}
	out := cols // in table order, as declared
	for _, g := range [][]schemaName{rels, types, funcs} {
		sort.Slice(g, func(i, j int) bool {
			return g[i].name < g[j].name || g[i].name == g[j].name && g[i].detail < g[j].detail
		})
		out = append(out, g...)
	}
	return out
}

// statementBefore is the statement being typed at off: the last one
// starting before it (an unfinished statement may end before the cursor).
func statementBefore(f *source.File, off int) *source.Statement {
	var last *source.Statement
	for _, st := range f.Statements {
		if st.Start > off {
			break
		}
		last = st
	}
	if last != nil && last.Semi >= 0 && last.Semi < off {
		return nil
	}
	return last
}

func inCommentOrString(f *source.File, off int) bool {
	for _, t := range f.Comments {
		if t.Start < off && off <= t.End {
			return true
		}
	}
	for _, t := range f.Tokens {
		if (t.Kind == source.String || t.Kind == source.DollarStr) && t.Start < off && off < t.End {
			return true
		}
	}
	return false
}

func isNameByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
