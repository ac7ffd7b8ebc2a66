package config

import (
	"fmt"
	"slices"
	"strings"
)

// Approval is environments[].approval: the gate a release passes before a
// rollout to the environment. It is written either as a word, "none" or
// "required" (one approval by anyone but the release's author), or as a
// mapping of flows per risk level:
//
//	approval:
//	  high:                       # the flow for high-risk releases
//	    - {name: owner, from: [group:owners]}
//	    - {name: dba, from: [group:dba], count: 1}
//	  default:                    # every level not listed
//	    - {from: [group:dba]}
//
// The orchestrator gives it meaning (orchestrator/approval); this package
// decodes and validates it.
type Approval struct {
	// Mode is the word form ("none" or "required"); "" for the mapping
	// form or when the key is absent.
	Mode string `yaml:"-"`
	// AuthorCanApprove lets the release's author approve it (off by
	// default: a second pair of eyes is the point of a gate).
	AuthorCanApprove bool `yaml:"author-can-approve"`
	// Flows per risk level; Default serves every level not given. A level
	// given as an empty list needs no approval.
	Low      []ApprovalStep `yaml:"low" expect:"a list of steps {name, from, count}"`
	Moderate []ApprovalStep `yaml:"moderate" expect:"a list of steps {name, from, count}"`
	High     []ApprovalStep `yaml:"high" expect:"a list of steps {name, from, count}"`
	Default  []ApprovalStep `yaml:"default" expect:"a list of steps {name, from, count}"`

	// mapping records that the mapping form was written, so an empty one
	// is reported instead of meaning "none".
	mapping bool
}

// ApprovalStep is one step of a flow: Count distinct people of From (names
// and "group:NAME" entries; empty = anyone) approve, after every earlier
// step is complete.
type ApprovalStep struct {
	// Name labels the step in messages ("owner", "dba"); optional.
	Name string   `yaml:"name,omitempty"`
	From []string `yaml:"from" expect:"a list of names or group:NAME entries"`
	// Count is how many approvals the step needs; 0 (absent) means 1.
	Count int `yaml:"count,omitempty"`
}

// ApprovalModes are the word forms of environments[].approval.
var ApprovalModes = []string{"none", "required"}

// RiskLevels are the risk levels, lowest first; they key approval flows.
var RiskLevels = []string{"low", "moderate", "high"}

// decodeShorthand takes the word form.
func (a *Approval) decodeShorthand(value string) { a.Mode = value }

// decodedMapping records the mapping form.
func (a *Approval) decodedMapping() { a.mapping = true }

// Gated reports whether the environment has an approval gate at all.
func (a Approval) Gated() bool {
	return a.Mode == "required" || a.Low != nil || a.Moderate != nil || a.High != nil || a.Default != nil
}

// FlowFor returns the steps for a risk level (one of RiskLevels) and
// whether the level has a flow; a level with no flow needs no approval.
func (a Approval) FlowFor(level string) ([]ApprovalStep, bool) {
	if a.Mode == "required" {
		return []ApprovalStep{{Count: 1}}, true
	}
	var steps []ApprovalStep
	switch level {
	case "low":
		steps = a.Low
	case "moderate":
		steps = a.Moderate
	case "high":
		steps = a.High
	}
	if steps == nil {
		steps = a.Default
	}
	return steps, len(steps) > 0
}

// Needed is the step's count with its default.
func (s ApprovalStep) Needed() int { return max(s.Count, 1) }

// shorthand is a mapping type that also accepts a single word (see
// decoder.decode).
type shorthand interface {
	decodeShorthand(value string)
	decodedMapping()
}

// approval checks one environment's approval setting.
func (v *validator) approval(key string, a Approval) {
	key += ".approval"
	if a.Mode != "" {
		v.oneOf(key, a.Mode, ApprovalModes)
		return
	}
	if !a.mapping {
		return
	}
	if !a.Gated() {
		v.add(key, "%s: give the steps of at least one of low, moderate, high or default (or write approval: required)", key)
		return
	}
	for _, level := range []struct {
		name  string
		steps []ApprovalStep
	}{{"low", a.Low}, {"moderate", a.Moderate}, {"high", a.High}, {"default", a.Default}} {
		for i, s := range level.steps {
			v.approvalStep(fmt.Sprintf("%s.%s[%d]", key, level.name, i), s)
		}
	}
}

// approvalStep checks that a step can be completed: a positive count, known
// groups and enough people to give it.
func (v *validator) approvalStep(key string, s ApprovalStep) {
	if v.line(key+".count") > 0 && s.Count < 1 {
		v.add(key+".count", "%s.count: expected an integer ≥ 1, got %d", key, s.Count)
		return
	}
	for i, entry := range s.From {
		if strings.TrimSpace(entry) == "" || entry == GroupPrefix {
			v.add(fmt.Sprintf("%s.from[%d]", key, i), "%s.from[%d]: a name is empty", key, i)
			return
		}
	}
	people, err := v.c.People(s.From)
	if err != nil {
		msg := fmt.Sprintf("%s.from: %v", key, err)
		if group, ok := strings.CutPrefix(unknownGroup(v.c, s.From), GroupPrefix); ok {
			if g := Suggest(group, mapKeysOf(v.c.Groups)); g != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", GroupPrefix+g)
			}
		}
		v.add(key+".from", "%s", msg)
		return
	}
	if len(s.From) > 0 && len(people) < s.Needed() {
		v.add(key, "%s: needs %d approvals but from lists %d people (%s); one person counts once", key, s.Needed(), len(people), strings.Join(people, ", "))
	}
}

// unknownGroup is the first "group:NAME" entry naming no group ("" if none).
func unknownGroup(c *Config, list []string) string {
	for _, e := range list {
		if g, ok := strings.CutPrefix(e, GroupPrefix); ok {
			if _, known := c.Groups[g]; !known {
				return e
			}
		}
	}
	return ""
}

// knownEnvironment adds a problem when name is no environment of the config.
func (v *validator) knownEnvironment(key, name string) {
	var names []string
	for _, e := range v.c.Environments {
		names = append(names, e.Name)
	}
	if slices.Contains(names, name) {
		return
	}
	msg := fmt.Sprintf("%s: %q is no environment of environments:", key, name)
	if s := Suggest(name, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	v.add(key, "%s", msg)
}

// MarshalYAML writes the form the approval was read in: the word, or the
// mapping with the levels that were given (an empty list, "no approval at
// this level", differs from an absent one, "the default flow"), so a config
// written back (a release's recorded config) reads the same gate.
func (a Approval) MarshalYAML() (any, error) {
	if a.Mode != "" {
		return a.Mode, nil
	}
	if !a.Gated() {
		return "none", nil
	}
	m := map[string]any{}
	if a.AuthorCanApprove {
		m["author-can-approve"] = true
	}
	for key, steps := range map[string][]ApprovalStep{"low": a.Low, "moderate": a.Moderate, "high": a.High, "default": a.Default} {
		if steps != nil {
			m[key] = steps
		}
	}
	return m, nil
}
