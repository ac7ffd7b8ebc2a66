package engine

import (
	"testing"
	"time"

	"github.com/sqlreview/sqlreview/rules"
)

// TestRuleCostsSplitBalances: the rules that need the catalog go to the two
// groups costliest first, each to the lighter side, with the schema-free
// rules' cost counted on the shadow side; an unmeasured rule counts as the
// mean; each group keeps the registry's order.
func TestRuleCostsSplitBalances(t *testing.T) {
	rule := func(name string, free bool) *rules.Rule { return &rules.Rule{Name: name, SchemaFree: free} }
	a, b, c, d, e, f := rule("a", false), rule("b", false), rule("c", false), rule("d", false), rule("e", true), rule("f", false)
	costs := &ruleCosts{perRule: map[*rules.Rule]time.Duration{a: 10, b: 40, c: 30, d: 20, e: 25}}
	g := costs.split([]*rules.Rule{a, b, c, d, e, f})
	// f is unmeasured: the mean of the five measured, 25. Costliest first:
	// b 40 → main (0 ≤ 25); c 30 → shadow (40 > 25) = 55; f 25 → main = 65;
	// d 20 → shadow = 75; a 10 → main = 75.
	if names(g.main) != "a b f" || names(g.shadow) != "c d" || g.mainLoad != 75 || g.shadowLoad != 75 {
		t.Errorf("main %q (%d), shadow %q (%d)", names(g.main), g.mainLoad, names(g.shadow), g.shadowLoad)
	}
}

// TestRuleCostsLearnShadowExtra: when the shadow group takes longer than
// its load predicts, the difference (in load units) is learnt halfway per
// check and counts on the shadow side at the next split.
func TestRuleCostsLearnShadowExtra(t *testing.T) {
	a, b := &rules.Rule{Name: "a"}, &rules.Rule{Name: "b"}
	costs := &ruleCosts{perRule: map[*rules.Rule]time.Duration{a: 50, b: 50}}
	g := costs.split([]*rules.Rule{a, b})
	if g.mainLoad != 50 || g.shadowLoad != 50 {
		t.Fatalf("loads %d/%d", g.mainLoad, g.shadowLoad)
	}
	// Real durations 40 ms and 60 ms for loads 50 and 50: 100 load units
	// for 100 ms, so the shadow side has 20 units more than predicted;
	// half of it is learnt.
	costs.learn(g, 40*time.Millisecond, 60*time.Millisecond)
	if costs.shadowExtra != 10 {
		t.Fatalf("shadowExtra %d, want 10", costs.shadowExtra)
	}
	// The next split expects the shadow side 10 units heavier (loads 50
	// and 60); it is again 20 ms of 100 heavier, 22 of the 110 units, so
	// half of the 12 missing is learnt.
	g = costs.split([]*rules.Rule{a, b})
	costs.learn(g, 40*time.Millisecond, 60*time.Millisecond)
	if costs.shadowExtra != 16 {
		t.Fatalf("shadowExtra %d after a second check, want 16", costs.shadowExtra)
	}
	if g := costs.split([]*rules.Rule{a, b}); g.shadowLoad != 16+50 || len(g.main) != 1 {
		t.Errorf("after learning: main %q (%d), shadow %q (%d)", names(g.main), g.mainLoad, names(g.shadow), g.shadowLoad)
	}
}

func names(rs []*rules.Rule) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += " "
		}
		out += r.Name
	}
	return out
}
