package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sqlreview/sqlreview/rules"
)

// TestSortFindingsIsStableSort: SortFindings moves findings in place along
// the cycles of the sorted order; the result must be the stable sort's,
// ties (equal under compareFindings) kept in their first order, which the
// fingerprint tells apart here.
func TestSortFindingsIsStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	ruleA, ruleB := &rules.Rule{Name: "a"}, &rules.Rule{Name: "b"}
	for round := 0; round < 200; round++ {
		n := rng.IntN(60)
		fs := make([]Finding, n)
		for i := range fs {
			fs[i] = Finding{Path: []string{"x.sql", "y.sql"}[rng.IntN(2)], Rule: []*rules.Rule{ruleA, ruleB}[rng.IntN(2)],
				StartOffset: rng.IntN(5), EndOffset: rng.IntN(5), Message: []string{"m", "n"}[rng.IntN(2)], Fingerprint: fmt.Sprint(i)}
		}
		want := slices.Clone(fs)
		slices.SortStableFunc(want, func(a, b Finding) int { return compareFindings(&a, &b) })
		SortFindings(fs)
		for i := range fs {
			if fs[i].Fingerprint != want[i].Fingerprint {
				t.Fatalf("round %d: position %d holds finding %s; the stable sort puts %s there", round, i, fs[i].Fingerprint, want[i].Fingerprint)
			}
		}
	}
}
