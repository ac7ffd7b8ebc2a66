package main

import (
	"os"
	"path/filepath"

	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/risk"
)

// riskConfig is the config whose risk rules `check` applies to the checked
// files: --config, else the one governing the first path. nil when it
// names no environment and no risk rule (a lint-only setup: risk is a
// property of a rollout).
func riskConfig(configPath string, paths []string) *config.Config {
	var cfg *config.Config
	var err error
	switch {
	case configPath != "":
		cfg, err = config.Load(configPath)
	case len(paths) > 0 && paths[0] != "-":
		p := paths[0]
		if st, serr := os.Stat(p); serr == nil && st.IsDir() {
			p = filepath.Join(p, "x.sql")
		}
		cfg, err = engine.ConfigFor(p)
	default:
		cfg, err = engine.ConfigFor("x.sql")
	}
	if err != nil || (len(cfg.Environments) == 0 && len(cfg.Risk.Rules) == 0) {
		return nil
	}
	return cfg
}

// checkRisk is the risk of the checked files (with --new-from-rev or
// --staged, the changed ones) in each environment of cfg, from their parse
// trees (kept for it) and the check's findings. Targets are counted as the
// config lists them; targets-from is not run by a check.
func checkRisk(cfg *config.Config, res *engine.Result) []risk.EnvAssessment {
	in := risk.Input{Files: risk.FromSources(res.Sources, cfg.Postgres.Version)}
	for _, f := range res.Findings {
		if !f.Suppressed && f.Rule != nil {
			in.Findings = append(in.Findings, risk.Finding{Rule: f.Rule.Name, Severity: f.Severity})
		}
	}
	rs := risk.Rules(cfg)
	if len(cfg.Environments) == 0 {
		return []risk.EnvAssessment{{Assessment: risk.Assess(rs, in)}}
	}
	var out []risk.EnvAssessment
	for _, e := range cfg.Environments {
		in.Env, in.Targets = e.Name, len(e.Targets)
		out = append(out, risk.EnvAssessment{Env: e.Name, Assessment: risk.Assess(rs, in)})
	}
	return out
}
