package engine

import (
	"fmt"
	"maps"
	"slices"

	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/all"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/presets"
)

// applyEnvRules adds an environment's rules (config.ForEnvironment) on top
// of the top-level ones in on and severity: a starting set and enabled
// rules turn on, severities only rise. A severity below the one the
// top-level policy already gives a running rule is refused rather than
// ignored, so the config never says something the review does not do.
// Preset settings apply to the rules the environment turns on, unless the
// config's own settings name them.
func applyEnvRules(cfg *config.Config, on map[*rules.Rule]bool, severity map[*rules.Rule]rules.Severity, presetSettings map[*rules.Rule]map[string]any) error {
	er := cfg.EnvRules
	if er == nil {
		return nil
	}
	where := cfgWhere(cfg, "environments["+cfg.Environment+"].rules")
	turnOn := func(r *rules.Rule, s rules.Severity) {
		if !on[r] || s > severity[r] {
			severity[r] = s
		}
		on[r] = true
	}
	switch er.Default {
	case "":
	case "all":
		for _, r := range all.Rules() {
			turnOn(r, r.Severity)
		}
	case "recommended":
		for _, r := range all.Rules() {
			if r.Default {
				turnOn(r, r.Severity)
			}
		}
	default:
		p := presets.Get(er.Default)
		if p == nil {
			return fmt.Errorf("%s.default: unknown starting set %q", where, er.Default)
		}
		for _, rc := range p.Rules {
			if rc.Severity == rules.Off {
				continue
			}
			if !on[rc.Rule] {
				presetSettings[rc.Rule] = rc.Settings
			}
			turnOn(rc.Rule, rc.Severity)
		}
	}
	for _, n := range er.Enable {
		r := all.Lookup(n)
		if r == nil {
			return fmt.Errorf("%s.enable: unknown rule %q%s; run `sqlreview rules` for the list", where, n, suggest(n))
		}
		if !on[r] {
			turnOn(r, severity[r])
		}
	}
	for _, n := range slices.Sorted(maps.Keys(er.Severity)) {
		r := all.Lookup(n)
		if r == nil {
			return fmt.Errorf("%s.severity: unknown rule %q%s; run `sqlreview rules` for the list", where, n, suggest(n))
		}
		s, err := rules.ParseSeverity(er.Severity[n])
		if err != nil || s == rules.Off {
			return fmt.Errorf("%s.severity: %s: expected error, warning or info, got %q", where, n, er.Severity[n])
		}
		if on[r] && s < severity[r] {
			return fmt.Errorf("%s.severity: %s: %s would lower the top-level severity %s; an environment's rules only add or tighten (lower it in the top-level rules instead)",
				where, n, s, severity[r])
		}
		turnOn(r, s)
	}
	return nil
}

// ValidateConfig is the one validation of a loaded config, for every
// command that reads one (check, config verify, the database and release
// commands): its keys and values, then what only the rules know (rule
// names, severities, each rule's settings), for the top-level policy and
// each environment's.
func ValidateConfig(cfg *config.Config) error {
	if err := cfg.Validate(all.Resolve, all.Names()); err != nil {
		return err
	}
	if _, err := NewLinter(cfg, Overrides{}); err != nil {
		return err
	}
	return ValidatePolicies(cfg)
}

// ValidatePolicies builds every environment's policy once, so a rule list
// that would loosen the top-level policy (a severity below the one it
// already has) stops the run at load time, whatever the command, not only
// when that environment is reviewed.
func ValidatePolicies(cfg *config.Config) error {
	for _, e := range cfg.Environments {
		if e.Rules == nil {
			continue
		}
		ec, err := cfg.ForEnvironment(e.Name)
		if err != nil {
			return err
		}
		if _, err := NewLinter(ec, Overrides{}); err != nil {
			return err
		}
	}
	return nil
}
