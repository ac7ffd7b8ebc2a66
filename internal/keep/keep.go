// Package keep decides which findings a capped report keeps. Every CI
// platform caps what it shows (GitHub 10 annotations of a level per step and
// 5,000 code scanning results per run, Azure 10 issues of a type per task,
// Bitbucket 1,000 annotations per report, a job summary of 1 MiB); each
// writer asks First for the ones that matter most, by an Order the caller
// chooses, and says how many it left out.
//
// It sits outside cmd/ because the SARIF encoder, a top-level package, caps
// its results by the same Order as the CI writers under cmd/.
package keep

import (
	"sort"

	"github.com/sqlreview/sqlreview/rules/engine"
)

// Order reports whether a should be kept before b. Orders compose with
// Then, so a caller can put, say, the findings on lines a pull request
// changed first and break ties by severity.
type Order func(a, b *engine.Finding) bool

// BySeverity keeps errors before warnings before info findings.
func BySeverity(a, b *engine.Finding) bool { return a.Severity > b.Severity }

// Then orders by first, and by each next Order among findings the earlier
// ones consider equal.
func Then(first Order, next ...Order) Order {
	orders := append([]Order{first}, next...)
	return func(a, b *engine.Finding) bool {
		for _, o := range orders {
			if o(a, b) {
				return true
			}
			if o(b, a) {
				return false
			}
		}
		return false
	}
}

// Or returns o, or BySeverity when o is nil (a writer's default).
func Or(o Order) Order {
	if o == nil {
		return BySeverity
	}
	return o
}

// First splits fs into the n findings that come first by order and the
// rest. Both keep fs's order (the engine's path-and-position order, which
// reads best); findings order considers equal keep it too. A negative n
// keeps nothing; order nil means BySeverity.
func First(fs []engine.Finding, n int, order Order) (kept, left []engine.Finding) {
	if n >= len(fs) {
		return fs, nil
	}
	chosen := Mark(fs, n, order)
	for i := range fs {
		if chosen[i] {
			kept = append(kept, fs[i])
		} else {
			left = append(left, fs[i])
		}
	}
	return kept, left
}

// Mark is First for writers that walk fs once: chosen[i] reports whether
// fs[i] is among the n kept.
func Mark(fs []engine.Finding, n int, order Order) (chosen []bool) {
	chosen = make([]bool, len(fs))
	idx := Indexes(fs, order)
	for _, i := range idx[:min(max(n, 0), len(fs))] {
		chosen[i] = true
	}
	return chosen
}

// Sorted returns a copy of fs in order (stable: equals keep fs's order), for
// writers whose platform shows the first entries of a list.
func Sorted(fs []engine.Finding, order Order) []engine.Finding {
	out := append([]engine.Finding(nil), fs...)
	order = Or(order)
	sort.SliceStable(out, func(i, j int) bool { return order(&out[i], &out[j]) })
	return out
}

// Indexes lists the indexes of fs in order (stable), for writers that fill
// a budget other than a count (bytes) in priority order.
func Indexes(fs []engine.Finding, order Order) []int {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	order = Or(order)
	sort.SliceStable(idx, func(i, j int) bool { return order(&fs[idx[i]], &fs[idx[j]]) })
	return idx
}

// MarkGroups is Mark for a platform that caps each group of findings on its
// own (annotations per level, issues per type): groups[g] holds indexes of
// fs, budgets[g] how many of them are kept, by order within the group.
// chosen[i] reports whether fs[i] is kept; an index in no group is not.
func MarkGroups(fs []engine.Finding, groups [][]int, budgets []int, order Order) (chosen []bool) {
	chosen = make([]bool, len(fs))
	for g, idx := range groups {
		group := make([]engine.Finding, len(idx))
		for j, i := range idx {
			group[j] = fs[i]
		}
		for j, kept := range Mark(group, budgets[g], order) {
			chosen[idx[j]] = kept
		}
	}
	return chosen
}
