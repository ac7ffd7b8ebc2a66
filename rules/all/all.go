// Package all is the registry: every rule once, and Lookup by code, name or
// any peer alias (Bytebase keys, Squawk names, postgres-language-server names).
package all

import (
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/integrity"
	"github.com/sqlreview/sqlreview/rules/meta"
)

// registry lists every rule exactly once.
var registry = concat(
	meta.All,
	integrity.All,
	ruleList,
)

func concat(lists ...[]*rules.Rule) []*rules.Rule {
	var out []*rules.Rule
	for _, l := range lists {
		out = append(out, l...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

var index = buildIndex()

// key normalizes a rule reference: case is ignored and "_" equals "-", so
// SCREAMING_SNAKE spellings (Bytebase enums) of any name resolve too.
func key(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
}

func buildIndex() map[string]*rules.Rule {
	m := map[string]*rules.Rule{}
	add := func(k string, r *rules.Rule) {
		k = key(k)
		if prev, ok := m[k]; ok && prev != r {
			panic("rules/all: " + k + " names both " + prev.Name + " and " + r.Name)
		}
		m[k] = r
	}
	for _, r := range registry {
		add(r.Code, r)
		add(r.Name, r)
		for _, a := range r.Aliases {
			add(a, r)
		}
	}
	return m
}

// Rules returns every rule, ordered by code.
func Rules() []*rules.Rule { return registry }

// Lookup finds a rule by code, name or alias (ignoring case, "_" = "-").
func Lookup(name string) *rules.Rule { return index[key(name)] }

// Resolve is Lookup in the shape the config package asks for.
func Resolve(name string) (string, bool) {
	if r := Lookup(name); r != nil {
		return r.Name, true
	}
	return "", false
}

// Names returns every rule name and alias, for "did you mean" suggestions.
func Names() []string {
	var out []string
	for _, r := range registry {
		out = append(out, r.Name)
		out = append(out, r.Aliases...)
	}
	return out
}
