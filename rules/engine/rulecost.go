package engine

import (
	"slices"
	"sync"
	"time"

	"github.com/sqlreview/sqlreview/rules"
)

// ruleCosts are the CPU times the rules took on the statements sampled from
// the files a linter checked: what lintSplit balances its two groups by.
// The language server lints the same document again and again, so the costs
// of its last checks are a good guess for the next. Sampling one statement
// in costSampleEvery keeps the clock reads to a few thousand per check of a
// 5,000-statement file.
type ruleCosts struct {
	mu      sync.Mutex
	perRule map[*rules.Rule]time.Duration
	// shadowExtra is what the shadow group costs beyond its rules' sampled
	// costs, in the same units (learn): the first asker builds the file's
	// shared facts, and the schema-free rules' run has its own overhead.
	shadowExtra time.Duration
}

// ruleGroups are lintSplit's two groups and their expected loads, in
// sampled cost units.
type ruleGroups struct {
	main, shadow         []*rules.Rule
	mainLoad, shadowLoad time.Duration
}

const costSampleEvery = 16

// add adds the times the rules of active took on a sampled statement.
func (c *ruleCosts) add(active []*rules.Rule, took []time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, r := range active {
		c.perRule[r] += took[i]
	}
}

// split divides active's rules that need the catalog between lintSplit's
// main group and the shadow group, which also runs the schema-free rules:
// the costliest first, each to the group with the smaller total so far. A
// rule never measured counts as the mean of those that were (all alike on
// the first check).
func (c *ruleCosts) split(active []*rules.Rule) ruleGroups {
	c.mu.Lock()
	costs := make(map[*rules.Rule]time.Duration, len(active))
	var known time.Duration
	measured := 0
	for _, r := range active {
		if d, ok := c.perRule[r]; ok {
			costs[r] = d
			known += d
			measured++
		}
	}
	extra := c.shadowExtra
	c.mu.Unlock()
	unknown := time.Duration(1)
	if measured > 0 {
		unknown = max(known/time.Duration(measured), 1)
	}
	cost := func(r *rules.Rule) time.Duration {
		if d, ok := costs[r]; ok {
			return d
		}
		return unknown
	}
	var bound []*rules.Rule
	g := ruleGroups{shadowLoad: extra}
	for _, r := range active {
		if schemaFree(r) {
			g.shadowLoad += cost(r)
		} else {
			bound = append(bound, r)
		}
	}
	// Stable, so that rules of equal cost keep the registry's order.
	slices.SortStableFunc(bound, func(a, b *rules.Rule) int { return int(cost(b) - cost(a)) })
	for _, r := range bound {
		if g.mainLoad <= g.shadowLoad {
			g.main, g.mainLoad = append(g.main, r), g.mainLoad+cost(r)
		} else {
			g.shadow, g.shadowLoad = append(g.shadow, r), g.shadowLoad+cost(r)
		}
	}
	// Each group runs its rules in the registry's order, as a single
	// replay would.
	g.main, g.shadow = inRegistryOrder(g.main, active), inRegistryOrder(g.shadow, active)
	return g
}

// inRegistryOrder returns group's rules in the order active lists them.
func inRegistryOrder(group, active []*rules.Rule) []*rules.Rule {
	in := make(map[*rules.Rule]bool, len(group))
	for _, r := range group {
		in[r] = true
	}
	out := make([]*rules.Rule, 0, len(group))
	for _, r := range active {
		if in[r] {
			out = append(out, r)
		}
	}
	return out
}

// learn corrects shadowExtra by how the groups' real durations differed
// from their expected loads, halfway each time (durations on a busy machine
// vary; the correction converges on the steady difference).
func (c *ruleCosts) learn(g ruleGroups, mainTook, shadowTook time.Duration) {
	loads := g.mainLoad + g.shadowLoad
	if loads <= 0 || mainTook <= 0 || shadowTook <= 0 {
		return
	}
	// Durations in load units: the loads are sampled, the durations whole.
	scale := float64(loads) / float64(mainTook+shadowTook)
	observed := float64(shadowTook-mainTook) * scale
	expected := float64(g.shadowLoad - g.mainLoad)
	c.mu.Lock()
	c.shadowExtra += time.Duration((observed - expected) / 2)
	c.mu.Unlock()
}
