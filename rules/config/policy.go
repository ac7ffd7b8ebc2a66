package config

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// EnvRuleDefaults are the values of environments[].rules.default: the
// starting sets that add rules ("none" would add nothing).
var EnvRuleDefaults = []string{"recommended", "all", "bytebase-basic", "bytebase-advanced"}

// EnvSeverities are the values of environments[].rules.severity: "off"
// would loosen the top-level policy.
var EnvSeverities = []string{"error", "warning", "info"}

// ForEnvironment returns the config in force for environment name: a copy
// of c whose EnvRules are that environment's rules, which the rule engine
// adds on top of the top-level rules. Every command that reviews for an
// environment (check --env, release create, plan/apply --env, rollout)
// reads its policy through this one function. An environment without
// rules gets c's policy unchanged. An unknown name is an error listing
// the configured ones.
func (c *Config) ForEnvironment(name string) (*Config, error) {
	var names []string
	for _, e := range c.Environments {
		if e.Name != name {
			names = append(names, e.Name)
			continue
		}
		out := *c
		out.Environment, out.EnvRules = name, e.Rules
		return &out, nil
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no environments are configured, so there is no policy for %q; add `environments:` to the config", c.where(), name)
	}
	return nil, fmt.Errorf("%s: unknown environment %q; configured: %s", c.where(), name, strings.Join(names, ", "))
}

func (c *Config) where() string {
	if c.Path == "" {
		return "config"
	}
	return c.Path
}

// PolicyKey identifies the review policy of c: configs with the same key
// review every file the same way, so a release is reviewed once per
// distinct key. Environments without rules share the top-level key.
func (c *Config) PolicyKey() string {
	if c.EnvRules == nil || c.EnvRules.empty() {
		return ""
	}
	r := *c.EnvRules
	r.Enable = slices.Sorted(slices.Values(r.Enable))
	b, _ := json.Marshal(struct {
		Default  string
		Enable   []string
		Severity [][2]string
	}{r.Default, r.Enable, severityPairs(r.Severity)})
	return string(b)
}

func severityPairs(m map[string]string) [][2]string {
	var out [][2]string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, [2]string{k, m[k]})
	}
	return out
}

func (r *EnvRules) empty() bool {
	return r.Default == "" && len(r.Enable) == 0 && len(r.Severity) == 0
}

// envRules checks an environment's rules: known starting sets and
// severities, and no key that would loosen the top-level policy. Rule
// names are checked with the others (see rules).
func (v *validator) envRules(key string, r *EnvRules) {
	if r == nil {
		return
	}
	key += ".rules"
	if r.Default != "" {
		if r.Default == "none" {
			v.add(key+".default", "%s.default: \"none\" adds no rule; an environment's rules only add or tighten (remove the key)", key)
		} else {
			v.oneOf(key+".default", r.Default, EnvRuleDefaults)
		}
	}
	if len(r.Disable) > 0 {
		v.add(key+".disable", "%s.disable: an environment's rules only add or tighten, so they cannot disable a rule; disable it in the top-level rules (then no environment runs it) or suppress the finding with a reason", key)
	}
	for _, name := range slices.Sorted(maps.Keys(r.Severity)) {
		sk := key + ".severity." + name
		if r.Severity[name] == "off" {
			v.add(sk, "%s: \"off\" would loosen the top-level policy; an environment's rules only add or tighten (turn the rule off in the top-level rules)", sk)
			continue
		}
		v.oneOf(sk, r.Severity[name], EnvSeverities)
	}
}
