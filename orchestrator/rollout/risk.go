package rollout

import (
	"context"
	"fmt"
	"slices"

	"github.com/sqlreview/sqlreview/orchestrator/approval"
	"github.com/sqlreview/sqlreview/orchestrator/migration"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
	"github.com/sqlreview/sqlreview/rules/risk"
)

// RecordedContext tells, per environment of envs, which files of rel would
// run there by the state store's record (store.NewFilesRecorded: no
// database is read, so no secret is needed) and how many targets it has:
// what `release create`, `approve` and `status` assess the risk with.
func RecordedContext(ctx context.Context, st *store.Store, cfg *config.Config, envs []config.Environment, rel *release.Release, getenv func(string) string) (map[string]release.EnvContext, error) {
	newFiles, targetCount, err := store.NewFilesRecorded(ctx, st, cfg, envs, rel, getenv)
	if err != nil {
		return nil, err
	}
	out := map[string]release.EnvContext{}
	for _, e := range envs {
		out[e.Name] = release.EnvContext{NewFiles: newFiles[e.Name], Targets: targetCount[e.Name]}
	}
	return out, nil
}

// Gate is an environment's risk for a release, the flow it requires and
// how far the recorded approvals go in it.
type Gate struct {
	Env      string            `json:"env"`
	Risk     risk.Assessment   `json:"risk"`
	Progress approval.Progress `json:"approval"`
	// refused are the stored approvals that do not verify.
	refused []Refusal
	// author and votes are what Progress was evaluated from (With).
	author string
	votes  []approval.Vote
}

// With is the gate once approval a counts too: the risk and the flow stay,
// only the progress moves, so `approve` can say what is still missing
// without assessing the release again.
func (g Gate) With(a store.Approval) Gate {
	g.votes = append(slices.Clone(g.votes), approval.Vote{By: a.By, At: a.At})
	g.Progress = approval.Evaluate(g.Progress.Flow, g.author, g.votes)
	return g
}

// Gates computes the gate of every environment of cfg for rel from the
// release's own content (never its stored risk), the store's record of
// what each environment has, and the approvals of rel's digest.
func Gates(ctx context.Context, st *store.Store, cfg *config.Config, rel *release.Release, getenv func(string) string) (map[string]Gate, error) {
	cfg, err := policyConfig(rel, cfg)
	if err != nil {
		return nil, err
	}
	envs, err := RecordedContext(ctx, st, cfg, cfg.Environments, rel, getenv)
	if err != nil {
		return nil, err
	}
	assessments, err := rel.Assess(cfg, envs)
	if err != nil {
		return nil, fmt.Errorf("release %s: %w", rel.ID, err)
	}
	out := map[string]Gate{}
	for _, e := range cfg.Environments {
		g, err := gateOf(ctx, st, cfg, rel, e.Name, assessments[e.Name])
		if err != nil {
			return nil, err
		}
		out[e.Name] = g
	}
	return out, nil
}

// GateFor is Gates for one environment.
func GateFor(ctx context.Context, st *store.Store, cfg *config.Config, rel *release.Release, env string, getenv func(string) string) (Gate, error) {
	cfg, err := policyConfig(rel, cfg)
	if err != nil {
		return Gate{}, err
	}
	i, err := targets.FindEnv(cfg, env)
	if err != nil {
		return Gate{}, err
	}
	envs, err := RecordedContext(ctx, st, cfg, cfg.Environments[i:i+1], rel, getenv)
	if err != nil {
		return Gate{}, err
	}
	assessments, err := rel.Assess(cfg, map[string]release.EnvContext{env: envs[env]})
	if err != nil {
		return Gate{}, fmt.Errorf("release %s: %w", rel.ID, err)
	}
	return gateOf(ctx, st, cfg, rel, env, assessments[env])
}

// gateOf evaluates the approvals of rel for env against the flow for the
// assessed risk. Only approvals that verify against the release's own
// allowed signers count (VerifyApprovals: bound to the digest and the
// environment, signed where the release's config requires it), at the time
// their signed statement gives; the others are kept as refused.
func gateOf(ctx context.Context, st *store.Store, cfg *config.Config, rel *release.Release, env string, a risk.Assessment) (Gate, error) {
	flow, err := approval.FlowFor(cfg, env, a.Level)
	if err != nil {
		return Gate{}, err
	}
	g := Gate{Env: env, Risk: a, author: rel.Author}
	if !flow.Gated {
		g.Progress = approval.Evaluate(flow, rel.Author, nil)
		return g, nil
	}
	apps, err := st.Approvals(ctx, rel.ID, env)
	if err != nil {
		return Gate{}, err
	}
	verified, refused, err := VerifyApprovals(rel, env, apps)
	if err != nil {
		return Gate{}, fmt.Errorf("%w: %v", ErrApproval, err)
	}
	g.refused = refused
	var votes []approval.Vote
	for _, ap := range verified {
		votes = append(votes, approval.Vote{By: ap.By, At: ap.At})
	}
	g.votes = votes
	g.Progress = approval.Evaluate(flow, rel.Author, votes)
	return g, nil
}

// policyConfig is the config a release's gates are evaluated with: the one
// the release recorded, or, for a release that recorded none, the given
// one (such a release is refused by every gated environment).
func policyConfig(rel *release.Release, cfg *config.Config) (*config.Config, error) {
	if rel.Policy == nil {
		return cfg, nil
	}
	return rel.EmbeddedConfig()
}

// liveRisk is the release's risk in the rollout's environment by the
// targets' own history: the files pending on the targets of this process
// (read after the promotion check, before anything runs), reviewed from
// the release's content.
func (r *prepared) liveRisk(ctx context.Context, cfg *config.Config) (risk.Assessment, error) {
	pending := map[string]bool{}
	ec := release.EnvContext{Targets: len(r.targets)}
	if risk.NeedsTableRows(risk.Rules(cfg)) {
		ec.TableRows = map[string]int64{}
	}
	for _, t := range r.sel.mine {
		if err := r.readTarget(ctx, t, pending, ec.TableRows); err != nil {
			return risk.Assessment{}, err
		}
	}
	for _, f := range r.rel.Files {
		if pending[f.Name] {
			ec.NewFiles = append(ec.NewFiles, f.Name)
		}
	}
	// The files this rollout parsed once for every target.
	files, err := r.parsed.Loader()(cfg.Postgres.Version)
	if err != nil {
		return risk.Assessment{}, fmt.Errorf("release %s: %w", r.rel.ID, err)
	}
	as, err := release.AssessFiles(cfg, files, map[string]release.EnvContext{r.Env: ec})
	if err != nil {
		return risk.Assessment{}, fmt.Errorf("release %s: %w", r.rel.ID, err)
	}
	return as[r.Env], nil
}

// readTarget adds the files pending on target t to pending and, when rows
// is not nil, the largest estimated rows of the existing tables they touch.
func (r *prepared) readTarget(ctx context.Context, t targets.Target, pending map[string]bool, rows map[string]int64) error {
	run, err := r.open(ctx, t, r.rel.ID)
	if err != nil {
		return err
	}
	defer run.Close()
	p, err := run.PlanWithoutReview(ctx)
	if err != nil {
		return r.red.RedactErr(fmt.Errorf("target %s: %w", t.Name, err))
	}
	var files []*migration.Migration
	for _, pf := range p.Pending {
		pending[pf.Name] = true
		files = append(files, pf.Migration)
	}
	if rows == nil {
		return nil
	}
	est, err := run.TableRows(ctx, risk.ExistingTables(release.RiskFiles(files)))
	if err != nil {
		return r.red.RedactErr(fmt.Errorf("target %s: %w", t.Name, err))
	}
	for name, n := range est {
		rows[name] = max(rows[name], n)
	}
	return nil
}
