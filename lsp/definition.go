package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules/source"
)

// Definition jumps from a table, column, index, type, function or
// constraint name to the statement that created it, in an earlier
// migration or this file, as the replay recorded it.
func (s *Server) Definition(ctx context.Context, p *protocol.DefinitionParams) (protocol.DefinitionResult, error) {
	res, _ := s.current(string(p.TextDocument.URI))
	if res == nil || res.file == nil {
		return nil, nil
	}
	off := s.offset(res.lines, p.Position)
	st := statementAt(res.file, off)
	if st == nil {
		return nil, nil
	}
	var defFile *source.File
	fileOf := func(path string) *source.File {
		if path == res.file.Path {
			defFile = res.file
		} else {
			defFile = s.parsedMigration(path)
		}
		return defFile
	}
	sp, ok := definitionAt(res.file, s.catalogAt(res, st.Start), off, fileOf)
	if !ok {
		return nil, nil
	}
	loc := s.location(defFile, sp)
	return &loc, nil
}
