package report

import (
	"path/filepath"
	"sort"

	"github.com/sqlreview/sqlreview/rules/engine"
)

// Priority ranks a finding for the reports that can keep only some of them
// (a platform's annotation cap, a comment's size limit): findings of a lower
// rank are kept first. A nil Priority ranks every finding the same.
type Priority func(f *engine.Finding) int

// ChangedFirst ranks the findings in the files a pull request changed (0)
// before those in other files (1): on a repository with a history of
// findings, a cap must not spend itself on old files and hide what the pull
// request adds. changed holds absolute, cleaned paths, as gitbase returns
// them; a finding's path is made absolute against the current directory,
// as the engine reports it.
func ChangedFirst(changed map[string]bool) Priority {
	return func(f *engine.Finding) int {
		abs, err := filepath.Abs(f.Path)
		if err == nil && changed[abs] {
			return 0
		}
		return 1
	}
}

// capOrder sorts findings in the order a capped report keeps them: by
// priority, then most severe first; the sort is stable, so ties keep the
// engine's path-and-position order.
func capOrder(findings []engine.Finding, p Priority) {
	rank := make([]int, len(findings))
	if p != nil {
		for i := range findings {
			rank[i] = p(&findings[i])
		}
	}
	idx := make([]int, len(findings))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		i, j := idx[a], idx[b]
		if rank[i] != rank[j] {
			return rank[i] < rank[j]
		}
		return findings[i].Severity > findings[j].Severity
	})
	sorted := make([]engine.Finding, len(findings))
	for k, i := range idx {
		sorted[k] = findings[i]
	}
	copy(findings, sorted)
}
