package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/meta"
)

// ReasonPlaceholder fills the required reason of an inserted suppression: it
// reads as a to-do in review, which an empty or generic reason would not.
const ReasonPlaceholder = "TODO: why this is safe"

// CodeAction offers, for each finding in the range: the rule's fix (safe
// fixes preferred), "Ignore RULE for this statement" and "… for this file";
// and source.fixAll.sqlreview, every safe fix at once.
func (s *Server) CodeAction(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	key := string(p.TextDocument.URI)
	res, d := s.current(key)
	if res == nil || res.file == nil {
		return nil, nil
	}
	wantQuick, wantFixAll := len(p.Context.Only) == 0, false
	for _, k := range p.Context.Only {
		switch {
		case k == protocol.CodeActionKindQuickFix:
			wantQuick = true
		case k == FixAllKind || k == protocol.CodeActionKindSourceFixAll || k == protocol.CodeActionKindSource:
			wantFixAll = true
		}
	}
	u := uriOf(d.uri)
	out := []protocol.CommandOrCodeAction{}
	if wantQuick {
		start, end := s.offset(res.lines, p.Range.Start), s.offset(res.lines, p.Range.End)
		for i := range res.findings {
			f := &res.findings[i]
			if f.Suppressed || f.EndOffset < start || f.StartOffset > end {
				continue
			}
			diag := s.diagnostic(res.lines, f)
			if f.Fix != nil && len(f.Fix.Edits) > 0 {
				out = append(out, &protocol.CodeAction{
					Title: f.Fix.Title, Kind: ptr(protocol.CodeActionKindQuickFix), Diagnostics: []protocol.Diagnostic{diag},
					IsPreferred: ptr(f.Fix.Safe), Edit: s.edit(u, res, f.Fix.Edits),
				})
			}
			if f.Rule.Category == rules.Meta && f.Rule != meta.SyntaxError && f.Rule != meta.InternalError {
				continue // suppressing a suppression problem makes no sense
			}
			if at, indent, ok := s.statementLineStart(res, f); ok {
				out = append(out, &protocol.CodeAction{
					Title: fmt.Sprintf("Ignore %s for this statement", f.Rule.Name), Kind: ptr(protocol.CodeActionKindQuickFix),
					Diagnostics: []protocol.Diagnostic{diag},
					Edit: s.edit(u, res, []rules.Edit{{Start: at, End: at,
						NewText: fmt.Sprintf("%s-- sqlreview:ignore %s -- %s\n", indent, f.Rule.Name, ReasonPlaceholder)}}),
				})
			}
			out = append(out, &protocol.CodeAction{
				Title: fmt.Sprintf("Ignore %s for this file", f.Rule.Name), Kind: ptr(protocol.CodeActionKindQuickFix),
				Diagnostics: []protocol.Diagnostic{diag},
				Edit: s.edit(u, res, []rules.Edit{{Start: 0, End: 0,
					NewText: fmt.Sprintf("-- sqlreview:ignore-file %s -- %s\n", f.Rule.Name, ReasonPlaceholder)}}),
			})
		}
	}
	if wantFixAll {
		if edits := safeFixes(res); len(edits) > 0 {
			out = append(out, &protocol.CodeAction{Title: "Apply all safe sqlreview fixes", Kind: ptr(FixAllKind), Edit: s.edit(u, res, edits)})
		}
	}
	return out, nil
}

// safeFixes returns the edits of the safe fixes that go together, chosen
// as `check --fix` chooses them (engine.ApplyFixes): a second "fix all"
// takes those that overlapped.
func safeFixes(res *lintResult) []rules.Edit {
	var fixes []*rules.Fix
	for i := range res.findings {
		if f := &res.findings[i]; engine.Fixable(f, false) {
			fixes = append(fixes, f.Fix)
		}
	}
	_, chosen := engine.ApplyFixes(res.path, res.text, fixes, nil)
	return engine.FixEdits(chosen)
}

// statementLineStart returns where an own-line suppression for f's
// statement goes (the start of the statement's first line) and that line's
// indentation; false for findings that belong to no statement.
func (s *Server) statementLineStart(res *lintResult, f *engine.Finding) (int, string, bool) {
	for _, st := range res.file.Statements {
		if f.StartOffset >= st.Start && f.StartOffset <= st.End {
			line0, _ := res.lines.UTF8(st.Start)
			at := res.lines.LineStart(line0)
			prefix := res.text[at:st.Start]
			if strings.TrimSpace(prefix) != "" {
				return 0, "", false // another statement shares the line
			}
			return at, prefix, true
		}
	}
	return 0, "", false
}

func (s *Server) edit(u uri.URI, res *lintResult, edits []rules.Edit) *protocol.WorkspaceEdit {
	tes := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		tes = append(tes, protocol.TextEdit{Range: s.rangeOf(res.lines, e.Start, e.End), NewText: e.NewText})
	}
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{u: tes}}
}
