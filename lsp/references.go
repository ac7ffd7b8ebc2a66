package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules/source"
)

// References lists every place the migrations of the document's directory
// (those its database runs, in replay order) name the object under the
// cursor: the same object, not merely the same name.
func (s *Server) References(ctx context.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	res, _ := s.current(string(p.TextDocument.URI))
	if res == nil || res.file == nil {
		return nil, nil
	}
	off := s.offset(res.lines, p.Position)
	files := []*source.File{res.file}
	if res.path != "" {
		files = migrationSet(res.path, res.ordered, s.readMigration)
	}
	byPath := map[string]*source.File{}
	for _, f := range files {
		byPath[f.Path] = f
	}
	out := []protocol.Location{}
	for _, sp := range referencesAt(files, res.file.Path, off) {
		if !p.Context.IncludeDeclaration && s.isDeclaration(byPath[sp.Path], sp) {
			continue
		}
		out = append(out, s.location(byPath[sp.Path], sp))
	}
	return out, nil
}

// isDeclaration reports whether sp is the name a CREATE statement gives.
func (s *Server) isDeclaration(f *source.File, sp span) bool {
	st := statementAt(f, sp.Start)
	if st == nil || len(st.Tokens()) == 0 || !isCreate(f, st) {
		return false
	}
	start, _ := nameRange(st, identName(f, source.Token{Kind: source.Ident, Start: sp.Start, End: sp.End}))
	return start == sp.Start
}

func isCreate(f *source.File, st *source.Statement) bool {
	for _, t := range st.Tokens() {
		if isIdent(t) {
			return identName(f, t) == "create"
		}
	}
	return false
}
