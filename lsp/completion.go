package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules/all"
)

// Completion offers rule names inside `sqlreview:ignore` comments, before
// the `--` that starts the reason, and elsewhere the names of the schema
// replayed up to the cursor (schema_names.go).
func (s *Server) Completion(ctx context.Context, p *protocol.CompletionParams) (protocol.CompletionResult, error) {
	snap := s.snapshot(string(p.TextDocument.URI))
	if snap == nil {
		return nil, nil
	}
	off := s.offset(snap.lines, p.Position)
	ls := snap.lines.LineStart(int(p.Position.Line))
	if off < ls {
		return nil, nil
	}
	prefix := snap.text[ls:off]
	d, i, ok := suppressionOnLine(prefix)
	if !ok {
		return s.completeSchemaNames(string(p.TextDocument.URI), off)
	}
	if d.HasReason || d.ArgsStart >= len(prefix)-i {
		return nil, nil // still typing the directive, or in the reason
	}
	names := prefix[i+d.ArgsStart:]
	word := len(names)
	for word > 0 && !isSep(names[word-1]) {
		word--
	}
	start := s.position(snap.lines, off-(len(names)-word))
	rg := protocol.Range{Start: start, End: p.Position}
	items := protocol.CompletionItemSlice{}
	for _, r := range all.Rules() {
		items = append(items, protocol.CompletionItem{
			Label: r.Name, Kind: protocol.CompletionItemKindValue,
			Detail:        protocol.NewOptional(r.Code + " " + r.Doc.Title),
			Documentation: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: ruleDoc(r)},
			TextEdit:      &protocol.TextEdit{Range: rg, NewText: r.Name},
		})
	}
	return items, nil
}
