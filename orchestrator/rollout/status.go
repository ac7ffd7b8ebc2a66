package rollout

import (
	"context"
	"time"

	"github.com/sqlreview/sqlreview/orchestrator/release"
	"github.com/sqlreview/sqlreview/orchestrator/store"
	"github.com/sqlreview/sqlreview/orchestrator/targets"
	"github.com/sqlreview/sqlreview/rules/config"
)

// TargetStatus is one target of an environment in a release's status.
type TargetStatus struct {
	Name       string     `json:"name"`
	Status     string     `json:"status"`
	Applied    int        `json:"applied"`
	Attempts   int        `json:"attempts"`
	Error      string     `json:"error,omitempty"`
	StartedAt  *time.Time `json:"startedAt,omitempty"`
	FinishedAt *time.Time `json:"finishedAt,omitempty"`
}

// EnvStatus is one environment in a release's status.
type EnvStatus struct {
	Name     string
	Approval string   // "none", "required" or "flow"
	Approved []string // who approved this digest
	// Gate is the environment's risk, flow and counted approvals.
	Gate    Gate
	Status  string // succeeded, failed, running, awaiting approval, pending
	Targets []TargetStatus
}

// Status reads where release rel stands in every environment of the
// config, by the state store's record (no target is contacted, so no
// secret is needed; unset URL variables are fine).
func Status(ctx context.Context, st *store.Store, cfg *config.Config, rel *release.Release, getenv func(string) string) ([]EnvStatus, error) {
	runs, err := st.Targets(ctx, rel.ID, "")
	if err != nil {
		return nil, err
	}
	byKey := map[string]store.TargetRun{}
	for _, r := range runs {
		byKey[r.Env+"\x00"+r.Target] = r
	}
	gates, err := Gates(ctx, st, cfg, rel, getenv)
	if err != nil {
		return nil, err
	}
	var envs []EnvStatus
	for _, e := range cfg.Environments {
		se := EnvStatus{Name: e.Name, Approval: approvalMode(e.Approval), Approved: []string{}, Targets: []TargetStatus{}, Gate: gates[e.Name]}
		apps, _ := st.Approvals(ctx, rel.ID, e.Name)
		for _, ap := range countedApprovals(rel, e.Name, apps) {
			se.Approved = append(se.Approved, ap.By)
		}
		ts, err := targets.Resolve(cfg, e, getenv)
		if err != nil {
			return nil, err
		}
		counts := map[string]int{}
		for _, t := range ts {
			r, ok := byKey[e.Name+"\x00"+t.Name]
			stt := TargetStatus{Name: t.Name, Status: store.TargetPending}
			if ok {
				stt = TargetStatus{Name: t.Name, Status: r.Status, Applied: r.Applied, Attempts: r.Attempts, Error: r.Error, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt}
			}
			counts[stt.Status]++
			se.Targets = append(se.Targets, stt)
		}
		se.Status = stageStatus(counts, len(ts), !se.Gate.Progress.Done)
		envs = append(envs, se)
	}
	return envs, nil
}

// approvalMode names an environment's approval setting in status.
func approvalMode(a config.Approval) string {
	switch {
	case !a.Gated():
		return "none"
	case a.Mode == "required":
		return "required"
	}
	return "flow"
}

// stageStatus sums up an environment's target statuses.
func stageStatus(counts map[string]int, targets int, awaitingApproval bool) string {
	done := counts[store.TargetSucceeded] + counts[store.TargetSkipped]
	switch {
	case targets > 0 && done == targets:
		return "succeeded"
	case counts[store.TargetFailed] > 0:
		return "failed"
	case counts[store.TargetRunning] > 0 || done > 0:
		return "running"
	case awaitingApproval:
		return "awaiting approval"
	}
	return "pending"
}

// countedApprovals are the approvals status shows: those that verify
// against the release's recorded config and allowed signers (a row
// written into the store by hand is not shown as an approval), or, for a
// release that records no config, those of its digest.
func countedApprovals(rel *release.Release, env string, apps []store.Approval) []store.Approval {
	if rel.Policy == nil {
		var out []store.Approval
		for _, a := range apps {
			if a.Digest == rel.Digest {
				out = append(out, a)
			}
		}
		return out
	}
	ok, _, _ := VerifyApprovals(rel, env, apps)
	return ok
}
