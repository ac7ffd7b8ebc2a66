package rollout

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/orchestrator/event"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/signing"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

// gate refuses a rollout with a file routed to no target of the
// environment, one whose earlier environments do not have every file of
// the release (promotion order, by the targets' own history), one its
// environment's review policy refused, then one that needs an approval
// it lacks.
func (r *prepared) gate(ctx context.Context) error {
	if err := r.routeGate(); err != nil {
		return err
	}
	for _, prev := range r.Config.Environments[:r.envIdx] {
		if err := r.checkStage(ctx, r.rel, prev, r.red); err != nil {
			r.emit(event.Event{Kind: event.Refused, Error: err.Error()})
			return err
		}
	}
	if err := r.policyGate(); err != nil {
		return err
	}
	p, err := r.gatedEnv()
	if err != nil || p == nil {
		return err
	}
	if p.env.Approval.Gated() {
		if err := r.approvalGate(ctx, p); err != nil {
			return err
		}
	}
	if p.env.Rollout == "manual" {
		return r.confirmationGate(ctx, p)
	}
	return nil
}

// gatedEnv is the environment as the release's own config defines it: its
// gates are the release's, whatever the working tree says now. A release
// that records no config (made without one, or by an older sqlreview) can
// still go to an environment the working config does not gate. It returns
// the release's policy for the environment, nil when it has no gate.
func (r *prepared) gatedEnv() (*policy, error) {
	if r.rel.Policy == nil {
		if !r.env.Approval.Gated() && r.env.Rollout != "manual" {
			return nil, nil
		}
		_, err := r.rel.EmbeddedConfig()
		return nil, fmt.Errorf("%w: environment %s is gated: %v", ErrApproval, r.Env, err)
	}
	p, err := loadPolicy(r.rel, r.Env, signing.KindApprove)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrApproval, err)
	}
	if !p.env.Approval.Gated() && p.env.Rollout != "manual" {
		return nil, nil
	}
	if err := r.anchorPolicy(); err != nil {
		return nil, err
	}
	return p, nil
}

// approvalGate refuses a rollout whose approvals do not complete the flow
// the environment requires at the release's risk. Only approvals that
// verify against the release's allowed signers count (every refused one is
// named, with what to do); the risk is computed here, from the release's
// verified content and the targets' history, never read from the store;
// the flow and the risk rules are the release's own config's.
func (r *prepared) approvalGate(ctx context.Context, p *policy) error {
	assessed, err := r.liveRisk(ctx, p.cfg)
	if err != nil {
		return err
	}
	g, err := gateOf(ctx, r.Store, p.cfg, r.rel, r.Env, assessed)
	if err != nil {
		return err
	}
	r.warnRefused(g.refused)
	if r.DryRun {
		fmt.Fprintf(r.Out, "dry run: %s: %s; approval %s\n", r.Env, assessed.Phrase(), g.Progress.Summary())
	}
	if g.Progress.Done || r.DryRun {
		return nil
	}
	r.emit(event.Event{Kind: event.ApprovalNeeded, Detail: assessed.Level.String() + " risk; " + g.Progress.Summary()})
	refusedText := ""
	if len(g.refused) > 0 {
		refusedText = "; not counted: " + reasons(g.refused)
	}
	return fmt.Errorf("%w: environment %s needs approvals of release %s (%s risk); %s%s; run `sqlreview approve --release %s --env %s --by NAME%s` for each, then rerun",
		ErrApproval, r.Env, r.rel.ID, assessed.Level, g.Progress.Summary(), refusedText, r.rel.ID, r.Env, keyFlag(p))
}

// confirmationGate refuses a manual stage that nobody of rollout-by has
// confirmed with a statement that verifies.
func (r *prepared) confirmationGate(ctx context.Context, p *policy) error {
	confs, err := r.Store.Confirmations(ctx, r.rel.ID, r.Env)
	if err != nil {
		return err
	}
	ok, refused, err := VerifyConfirmations(r.rel, r.Env, confs)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrConfirmation, err)
	}
	r.warnRefused(refused)
	if len(ok) > 0 {
		return nil
	}
	if r.DryRun {
		fmt.Fprintf(r.Out, "dry run: %s rolls out manually: someone of rollout-by must confirm %s before a real rollout\n", r.Env, r.rel.ID)
		return nil
	}
	r.emit(event.Event{Kind: event.ApprovalNeeded, Detail: "rollout confirmation"})
	if len(refused) > 0 {
		return fmt.Errorf("%w: environment %s has no rollout confirmation of release %s that verifies: %s",
			ErrConfirmation, r.Env, r.rel.ID, reasons(refused))
	}
	return fmt.Errorf("%w: environment %s rolls out manually: someone of rollout-by (%s) must confirm release %s; run `sqlreview approve --rollout --release %s --env %s --by NAME%s`, then rerun",
		ErrConfirmation, r.Env, strings.Join(p.env.RolloutBy, ", "), r.rel.ID, r.rel.ID, r.Env, keyFlag(p))
}

// warnRefused prints one warning line per statement that does not count,
// also when others open the gate: a forged row is worth knowing about.
func (r *prepared) warnRefused(refused []Refusal) {
	for _, f := range refused {
		fmt.Fprintf(r.Warn, "sqlreview: warning: %s: %s\n", r.Env, f.Reason)
	}
}

// keyFlag is " --key KEY" where the release's config requires signatures.
func keyFlag(p *policy) string {
	if slices.Contains(p.cfg.Signing.Unsigned, p.env.Name) {
		return ""
	}
	return " --key KEY"
}

func reasons(refused []Refusal) string {
	out := make([]string, len(refused))
	for i, f := range refused {
		out[i] = f.Reason
	}
	return strings.Join(out, "; ")
}

// routeGate refuses a stage when a file of the release is routed
// (db##version##kind##desc.sql) to a database no target of the
// environment has: every target would skip it and the stage would
// succeed without it, so the next stage would be promoted past a file
// that never ran. A typo in the prefix or a missing target is fixed
// before anything runs. When a target's database is unknown here (its
// URL needs a variable this job lacks), the check is left to the jobs
// that know it, with a warning.
func (r *prepared) routeGate() error {
	names := make([]string, len(r.rel.Files))
	for i, f := range r.rel.Files {
		names[i] = f.Name
	}
	unknown, err := plan.CheckRoutes(r.Env, r.targets, names)
	if unknown != "" {
		fmt.Fprintf(r.Warn, "sqlreview: warning: %s/%s: its database is unknown here; routed files were not checked against %s's targets\n", r.Env, unknown, r.Env)
	}
	if err != nil {
		err = fmt.Errorf("release %s: %w", r.rel.ID, err)
		r.emit(event.Event{Kind: event.Refused, Error: err.Error()})
	}
	return err
}

// policyGate refuses a release whose review under this environment's
// policy (environments[].rules, recorded by release create) found
// findings at or above fail-on: the release was made under the top-level
// policy, which this environment tightens. Each target's own review then
// checks the pending files against its live schema under the same policy.
func (r *prepared) policyGate() error {
	rv := r.rel.ReviewFor(r.Env)
	if rv.Blocking == 0 {
		return nil
	}
	msg := fmt.Sprintf("release %s has %d finding(s) at or above fail-on (%s) under the review policy of %s; "+
		"`sqlreview check --policy %s` shows them: fix or suppress them with a reason, then create a new release",
		r.rel.ID, rv.Blocking, rv.FailOn, r.Env, r.Env)
	if r.DryRun {
		fmt.Fprintf(r.Out, "dry run: %s\n", msg)
		return nil
	}
	err := fmt.Errorf("%w: %s", ErrPolicy, msg)
	r.emit(event.Event{Kind: event.Refused, Error: err.Error()})
	return err
}

// checkStage refuses when a target of an earlier stage lacks a file of the
// release. The target's history decides; a target whose URL cannot be
// resolved in this job falls back to the state store's record.
func (o *Options) checkStage(ctx context.Context, rel *release.Release, e config.Environment, red *redact.Redactor) error {
	ts, err := targets.Resolve(o.Config, e, o.Getenv)
	if err != nil {
		return err
	}
	runs, err := o.Store.Targets(ctx, rel.ID, e.Name)
	if err != nil {
		return err
	}
	stored := map[string]string{}
	for _, r := range runs {
		stored[r.Target] = r.Status
	}
	fix := fmt.Sprintf("run `sqlreview rollout --release %s --env %s` first", rel.ID, e.Name)
	var problems []string
	for _, t := range ts {
		addURLSecrets(red, t.URL)
		if t.Missing != "" {
			if s := stored[t.Name]; s != store.TargetSucceeded && s != store.TargetSkipped {
				problems = append(problems, fmt.Sprintf("%s has not succeeded (state: %s; its URL needs %s, so its history was not read)", t.Name, orNone(s), t.Missing))
			} else {
				fmt.Fprintf(o.Warn, "sqlreview: warning: %s/%s: %s is not set here; trusting the state store that it succeeded\n", e.Name, t.Name, t.Missing)
			}
			continue
		}
		r, err := o.open(ctx, t, rel.ID)
		if err != nil {
			return fmt.Errorf("%w: cannot read the history of %s/%s: %v; %s", ErrPromotion, e.Name, t.Name, red.Redact(err.Error()), fix)
		}
		p, err := r.PlanWithoutReview(ctx)
		r.Close()
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s", t.Name, red.Redact(err.Error())))
			continue
		}
		if len(p.Pending) > 0 {
			var names []string
			for _, pf := range p.Pending {
				names = append(names, pf.Name)
			}
			problems = append(problems, fmt.Sprintf("%s lacks %s", t.Name, strings.Join(names, ", ")))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("%w: environment %s has not fully succeeded with release %s (%s); %s", ErrPromotion, e.Name, rel.ID, strings.Join(problems, "; "), fix)
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "never run"
	}
	return s
}
