package rollout

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/sqlreview/sqlreview/orchestrator/event"
	"github.com/sqlreview/sqlreview/orchestrator/redact"
	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

// gate refuses a rollout whose earlier environments do not have every file
// of the release (promotion order, by the targets' own history), then one
// that needs an approval it lacks.
func (r *prepared) gate(ctx context.Context) error {
	for _, prev := range r.Config.Environments[:r.envIdx] {
		if err := r.checkStage(ctx, r.rel, prev, r.red); err != nil {
			r.emit(event.Event{Kind: event.Refused, Error: err.Error()})
			return err
		}
	}
	return r.approvalGate(ctx)
}

// approvalGate refuses a rollout whose approvals do not complete the flow
// the environment requires at the release's risk. The risk is computed
// here, from the release's verified content and the targets' history,
// never read from the store; the flow comes from the config handed in.
func (r *prepared) approvalGate(ctx context.Context) error {
	if !r.env.Approval.Gated() {
		return nil
	}
	assessed, err := r.liveRisk(ctx)
	if err != nil {
		return err
	}
	g, err := gateOf(ctx, r.Store, r.Config, r.rel, r.Env, assessed)
	if err != nil {
		return err
	}
	if r.DryRun {
		fmt.Fprintf(r.Out, "dry run: %s: %s; approval %s\n", r.Env, assessed.Phrase(), g.Progress.Summary())
	}
	if g.Progress.Done || r.DryRun {
		return nil
	}
	r.emit(event.Event{Kind: event.ApprovalNeeded, Detail: assessed.Level.String() + " risk; " + g.Progress.Summary()})
	return fmt.Errorf("%w: environment %s needs approvals of release %s (%s risk); %s; run `sqlreview approve --release %s --env %s --by NAME` for each, then rerun",
		ErrApproval, r.Env, r.rel.ID, assessed.Level, g.Progress.Summary(), r.rel.ID, r.Env)
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
