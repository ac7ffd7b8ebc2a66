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
	for _, r := range referencesAt(files, res.file.Path, off) {
		if !r.decl || p.Context.IncludeDeclaration {
			out = append(out, s.location(byPath[r.Path], r.span))
		}
	}
	return out, nil
}
