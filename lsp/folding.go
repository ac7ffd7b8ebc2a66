package lsp

import (
	"context"
	"sort"

	"go.lsp.dev/protocol"

	"github.com/sqlreview/sqlreview/rules/source"
)

// FoldingRange folds statements, function bodies and comments that span
// lines.
func (s *Server) FoldingRanges(ctx context.Context, p *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	res, _ := s.current(string(p.TextDocument.URI))
	out := []protocol.FoldingRange{}
	if res == nil || res.file == nil {
		return out, nil
	}
	for _, fl := range folds(res.file) {
		r := protocol.FoldingRange{StartLine: uint32(fl.startLine), EndLine: uint32(fl.endLine)}
		if fl.comment {
			r.Kind = protocol.FoldingRangeKindComment
		}
		out = append(out, r)
	}
	return out, nil
}

// fold is a foldable line range of a file (0-based lines).
type fold struct {
	startLine, endLine int
	comment            bool
}

// folds lists each statement of several lines, each dollar-quoted body
// of several lines, then each block comment and run of line comments of
// several lines.
func folds(f *source.File) []fold {
	lines := f.Lines()
	line := func(off int) int { l, _ := lines.UTF8(off); return l }
	var out []fold
	add := func(start, end int, comment bool) {
		if a, b := line(start), line(end); b > a {
			out = append(out, fold{a, b, comment})
		}
	}
	for _, st := range f.Statements {
		add(st.Start, st.End, false)
		for _, t := range st.Tokens() {
			if t.Kind == source.DollarStr {
				add(t.Start, t.End, false)
			}
		}
	}
	runStart, runEnd := -1, -1
	for _, t := range f.Comments {
		if t.Kind == source.BlockComment {
			add(t.Start, t.End, true)
			continue
		}
		if runStart >= 0 && line(t.Start) != line(runEnd)+1 {
			add(runStart, runEnd, true)
			runStart = -1
		}
		if runStart < 0 {
			runStart = t.Start
		}
		runEnd = t.End
	}
	if runStart >= 0 {
		add(runStart, runEnd, true)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].startLine < out[j].startLine })
	return out
}
