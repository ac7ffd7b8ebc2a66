package rollout

import (
	"context"
	"fmt"

	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

// NewFilesLive returns the names of the files of rel that are new in the
// environment by its targets' own history (the truth): pending on at
// least one target, exactly as a rollout would plan them.
func NewFilesLive(ctx context.Context, cfg *config.Config, rel *release.Release, env string, getenv func(string) string, version string) ([]string, error) {
	ts, err := targets.Select(cfg, env, "", "", getenv)
	if err != nil {
		return nil, err
	}
	parsed := runner.NewParsedFiles(rel.SourceFiles())
	pending := map[string]bool{}
	for _, t := range ts {
		r, err := runner.Open(ctx, runner.Options{DatabaseURL: t.URL, RouteDatabase: t.Database, Config: cfg, NoReview: true, ToolVersion: version, Migrations: parsed.Loader()})
		if err != nil {
			return nil, fmt.Errorf("target %s: %w", t.Name, redact.New(t.URL).RedactErr(err))
		}
		p, err := r.Plan(ctx)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("target %s: %w", t.Name, redact.New(t.URL).RedactErr(err))
		}
		for _, pf := range p.Pending {
			pending[pf.Name] = true
		}
	}
	var out []string
	for _, f := range rel.Files {
		if pending[f.Name] {
			out = append(out, f.Name)
		}
	}
	return out, nil
}
