package runner

import (
	"context"
	"path/filepath"

	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/rules"
	"github.com/sqlreview/sqlreview/rules/catalog"
	"github.com/sqlreview/sqlreview/rules/catalog/livedb"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/knowledge"
)

// review lints the pending files against the live schema (not a replay of
// the directory: the database is the truth), each file seeing the changes
// of the pending files before it, and sets p.Findings and p.Blocked.
func (r *Runner) review(ctx context.Context, p *plan.Plan) error {
	p.Reviewed = true
	if len(p.Pending) == 0 {
		return nil
	}
	cfg := *r.cfg
	if cfg.Postgres.Version == 0 || cfg.Path == "" {
		cfg.Postgres.Version = r.ServerMajor
	}
	// The files run under sqlreview's own transaction model, whatever
	// migrations.runner says about the tool the project otherwise uses.
	lint, err := engine.NewLinter(&cfg, engine.Overrides{Runner: knowledge.RunnerSQLReview})
	if err != nil {
		return err
	}
	var cat *catalog.Catalog
	if r.pre != nil {
		<-r.pre.done
		cat, err = r.pre.cat, r.pre.err
	} else {
		cat, err = livedb.Read(ctx, r.conn, r.schema)
	}
	if err != nil {
		return r.wrap(err, "read the live schema for review")
	}
	min, err := rules.ParseSeverity(cfg.FailOn)
	never := cfg.FailOn == "never"
	if err != nil {
		min = rules.Error
	}
	for _, pf := range p.Pending {
		// A release's file is named by its path in the repository already
		// (relative to the config's directory); a file on disk is made so.
		rel := pf.Path
		if cfg.Dir != "" && filepath.IsAbs(pf.Path) {
			if rp, err := filepath.Rel(cfg.Dir, pf.Path); err == nil {
				rel = filepath.ToSlash(rp)
			}
		}
		fs := lint.Lint(pf.File, cat, rel)
		for _, f := range fs {
			if !f.Suppressed && !never && f.Severity >= min {
				p.Blocked = true
			}
		}
		p.Findings = append(p.Findings, fs...)
	}
	engine.SortFindings(p.Findings)
	return nil
}
