package lsp

import (
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sqlreview/sqlreview/rules/source"
)

// readMigration returns path's text as the server sees it: the open
// buffer, else the file on disk (nil when unreadable).
func (s *Server) readMigration(path string) []byte {
	s.mu.Lock()
	for _, d := range s.docs {
		if d.path == path {
			text := d.text
			s.mu.Unlock()
			return []byte(text)
		}
	}
	s.mu.Unlock()
	data, err := readFile(path)
	if err != nil {
		return nil
	}
	return data
}

// uriOf is the URI to report for path: the open document's, spelled as its
// client sent it, else the file URI.
func (s *Server) uriOf(path string) uri.URI {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		if d.path == path {
			return uri.URI(d.uri)
		}
	}
	return uri.File(path)
}

// location converts a span of f to an LSP location.
func (s *Server) location(f *source.File, sp span) protocol.Location {
	return protocol.Location{URI: s.uriOf(sp.Path), Range: s.rangeOf(f.Lines(), sp.Start, sp.End)}
}

// parsedMigration parses path as the server sees it; nil when unreadable.
func (s *Server) parsedMigration(path string) *source.File {
	data := s.readMigration(path)
	if data == nil {
		return nil
	}
	return source.Parse(path, data)
}
