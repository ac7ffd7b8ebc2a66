package lsp

import (
	"context"
	"path/filepath"

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
		files = s.migrations(res)
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

// migrations is migrationSet for res's document, read and parsed once per
// state of its directory: any change there (an edited buffer, a file
// changed, created or deleted on disk) bumps the directory's generation.
func (s *Server) migrations(res *lintResult) []*source.File {
	dir := filepath.Dir(res.path)
	c := s.caches
	c.mu.Lock()
	gen := c.gen[dir]
	if e, ok := c.sets[res.path]; ok && e.gen == gen {
		c.mu.Unlock()
		return e.files
	}
	c.setBuilds++
	c.mu.Unlock()
	files := migrationSet(res.path, res.ordered, s.readMigration)
	c.mu.Lock()
	if c.gen[dir] == gen {
		c.sets[res.path] = setEntry{gen: gen, files: files}
	}
	c.mu.Unlock()
	return files
}
