package engine

import (
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/source"
)

// Which fixes apply together, and how their edits apply, is decided here
// once for `check --fix` and the editor's "fix all".

// Fixable reports whether f's fix is one to apply: the finding is not
// suppressed, the fix has edits, and it is safe (or unsafe is set).
func Fixable(f *Finding, unsafe bool) bool {
	return !f.Suppressed && f.Fix != nil && len(f.Fix.Edits) > 0 && (f.Fix.Safe || unsafe)
}

// ApplyFixes applies to text the fixes that go together: in position order,
// those whose edits overlap no edit of a fix taken before (see ChooseFixes),
// dropping any fix that would leave the text unparseable (broken is told
// about each; such a fix is a bug in its rule). It returns the new text and
// the fixes applied.
func ApplyFixes(path, text string, fixes []*rules.Fix, broken func(*rules.Fix)) (string, []*rules.Fix) {
	chosen := ChooseFixes(text, fixes)
	if len(chosen) == 0 {
		return text, nil
	}
	out := ApplyEdits(text, FixEdits(chosen))
	if parses(path, out) {
		return out, chosen
	}
	// Keep the fixes that leave the text parseable, one by one.
	var kept []*rules.Fix
	for _, fx := range chosen {
		try := append(append([]*rules.Fix(nil), kept...), fx)
		if parses(path, ApplyEdits(text, FixEdits(try))) {
			kept = try
		} else if broken != nil {
			broken(fx)
		}
	}
	if len(kept) == 0 {
		return text, nil
	}
	return ApplyEdits(text, FixEdits(kept)), kept
}

// ChooseFixes picks, in position order, the fixes whose edits are in range
// and overlap no edit of a fix picked before. Two edits overlap when their
// ranges intersect or they start at the same offset (two insertions there
// could go in either order); an insertion where a replacement ends does not.
func ChooseFixes(text string, fixes []*rules.Fix) []*rules.Fix {
	type cand struct {
		fix   *rules.Fix
		edits []rules.Edit
	}
	cands := make([]cand, 0, len(fixes))
	for _, fx := range fixes {
		edits := append([]rules.Edit(nil), fx.Edits...)
		sort.Slice(edits, func(i, j int) bool {
			if edits[i].Start != edits[j].Start {
				return edits[i].Start < edits[j].Start
			}
			return edits[i].End < edits[j].End
		})
		ok := true
		for i, e := range edits {
			if e.Start < 0 || e.End < e.Start || e.End > len(text) {
				ok = false
			}
			if i > 0 && (e.Start < edits[i-1].End || e.Start == edits[i-1].Start) {
				ok = false // a fix that overlaps itself is malformed
			}
		}
		if ok {
			cands = append(cands, cand{fx, edits})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i].edits[0], cands[j].edits[0]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	var taken []rules.Edit // sorted by Start, pairwise disjoint, distinct starts
	conflicts := func(e rules.Edit) bool {
		i := sort.Search(len(taken), func(k int) bool { return taken[k].Start >= e.Start })
		if i < len(taken) && (taken[i].Start == e.Start || taken[i].Start < e.End) {
			return true
		}
		return i > 0 && e.Start < taken[i-1].End
	}
	var out []*rules.Fix
	for _, c := range cands {
		clash := false
		for _, e := range c.edits {
			if conflicts(e) {
				clash = true
				break
			}
		}
		if clash {
			continue
		}
		for _, e := range c.edits {
			i := sort.Search(len(taken), func(k int) bool { return taken[k].Start >= e.Start })
			taken = append(taken, rules.Edit{})
			copy(taken[i+1:], taken[i:])
			taken[i] = e
		}
		out = append(out, c.fix)
	}
	return out
}

// FixEdits returns the edits of fixes sorted by start.
func FixEdits(fixes []*rules.Fix) []rules.Edit {
	var edits []rules.Edit
	for _, fx := range fixes {
		edits = append(edits, fx.Edits...)
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
	return edits
}

// ApplyEdits applies disjoint edits sorted by start.
func ApplyEdits(text string, edits []rules.Edit) string {
	var b strings.Builder
	b.Grow(len(text) + 64)
	pos := 0
	for _, e := range edits {
		b.WriteString(text[pos:e.Start])
		b.WriteString(e.NewText)
		pos = e.End
	}
	b.WriteString(text[pos:])
	return b.String()
}

// parses reports whether every statement of text parses.
func parses(path, text string) bool {
	f := source.ParseText(path, text)
	if f.Problem != nil {
		return false
	}
	for _, s := range f.Statements {
		if s.Err != nil {
			return false
		}
	}
	return true
}
