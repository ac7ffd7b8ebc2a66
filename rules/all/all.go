// Package all is the registry: every rule once, and Lookup by code, name or
// any peer alias (Bytebase keys, Squawk names, postgres-language-server names).
package all

import (
	"sort"
	"strings"
	"unicode"

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

// key normalizes a rule reference: case is ignored, "_" equals "-", and a
// camelCase name equals its kebab-case spelling, so SCREAMING_SNAKE spellings
// (Bytebase enums) and kebab spellings of postgres-language-server names
// resolve without an alias of their own.
func key(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for i, c := range s {
		if unicode.IsUpper(c) && i > 0 && unicode.IsLower(rune(s[i-1])) {
			b.WriteByte('-')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return strings.ReplaceAll(b.String(), "_", "-")
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
