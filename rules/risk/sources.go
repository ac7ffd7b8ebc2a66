package risk

import (
	"path/filepath"
	"sort"

	"github.com/sqlreview/sqlreview/rules/knowledge"
	"github.com/sqlreview/sqlreview/rules/migfile"
	"github.com/sqlreview/sqlreview/rules/source"
)

// FromSources are the checked files of a review, in migration order
// (versioned files by version, then the others by path), as Assess reads
// them; each statement's lock comes from the one table in rules/knowledge.
func FromSources(sources map[string]*source.File, pgVersion int) []File {
	var versioned, other []string
	for p := range sources {
		if _, ok := migfile.Parse(filepath.Base(p)); ok {
			versioned = append(versioned, p)
		} else {
			other = append(other, p)
		}
	}
	sort.Strings(other)
	var out []File
	for _, p := range append(migfile.Sort(versioned), other...) {
		src := sources[p]
		v, _ := migfile.Parse(filepath.Base(p))
		f := File{Path: p, Kind: v.Kind}
		for _, st := range src.Statements {
			if st.Node != nil {
				f.Statements = append(f.Statements, Statement{Node: st.Node, Line: src.Position(st.Start).Line,
					Lock: knowledge.StatementLock(st.Node, pgVersion).String()})
			}
		}
		out = append(out, f)
	}
	return out
}
