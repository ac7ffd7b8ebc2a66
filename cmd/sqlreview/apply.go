package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/internal/buildinfo"
	"github.com/sqlreview/sqlreview/orchestrator/plan"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

// cmdApply applies the pending migrations. SIGINT and SIGTERM cancel the
// running statement; the failure is recorded and the exit code is 1.
func cmdApply(args []string, stdout, stderr io.Writer) (int, error) {
	var a dbArgs
	fs := newFlagSet("apply", stderr)
	fs.BoolVar(&a.noReview, "no-review", false, "skip the review of the pending files against the live schema")
	fs.DurationVar(&a.lockWait, "lock-wait", 10*time.Minute, "how long to wait for another migrator")
	fs.StringVar(&a.release, "release", "", "`ID`: release id recorded with each applied file")
	if err := parseDB("apply", args, &a, fs, 1); err != nil {
		return exitError, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if a.noReview {
		fmt.Fprintln(stderr, "sqlreview: WARNING: --no-review: the pending migrations are NOT reviewed before they run")
	}
	a.routes = true
	return runTargets(ctx, "apply", &a, stdout, stderr, func(ctx context.Context, r *runner.Runner, out io.Writer) (any, int, error) {
		return applyTarget(ctx, r, a.format, out)
	})
}

// applyTarget applies the pending migrations of one database.
func applyTarget(ctx context.Context, r *runner.Runner, format string, stdout io.Writer) (any, int, error) {
	res, err := r.Apply(ctx)
	code := exitOK
	if err != nil {
		code = exitFindings
	}
	var drift *runner.DriftError
	if errors.As(err, &drift) {
		fmt.Fprintf(stdout, "%s: the schema changed outside sqlreview since the last apply:\n", r.Target)
		writeDrift(stdout, drift.Removed, drift.Added)
	}
	if format == "json" && res != nil {
		if res.Plan != nil {
			return applyJSONFor(res, err, r), code, err
		}
		if err == nil {
			return applyJSON{Applied: orEmpty(res.Applied), Findings: []report.JSONFinding{}}, code, nil
		}
	}
	if err != nil {
		return nil, code, err
	}
	fmt.Fprintf(stdout, "%s: %d applied by this run\n", r.Target, len(res.Applied))
	return nil, exitOK, nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// applyJSON is `apply --format json`: what was applied and the review
// findings, in the finding shape of `check --format json`.
type applyJSON struct {
	Target   string               `json:"target,omitempty"`
	Applied  []string             `json:"applied"`
	Reviewed bool                 `json:"reviewed"`
	Blocked  bool                 `json:"blocked"`
	Findings []report.JSONFinding `json:"findings"`
	Error    string               `json:"error,omitempty"`
	// Drift is the difference that stopped the apply (see drift), as
	// `drift` prints it.
	Drift []string `json:"drift,omitempty"`
}

func applyJSONFor(res *runner.Result, err error, r *runner.Runner) applyJSON {
	p := res.Plan
	out := applyJSON{Target: p.Target, Applied: res.Applied, Reviewed: p.Reviewed, Blocked: p.Blocked,
		Findings: report.JSONFindings(planResult(p))}
	if out.Applied == nil {
		out.Applied = []string{}
	}
	if err != nil {
		out.Error = oneLine(r.Redact(err.Error()))
	}
	var drift *runner.DriftError
	if errors.As(err, &drift) {
		out.Drift = runner.DriftLines(drift.Removed, drift.Added)
	}
	return out
}

// planResult presents the review findings of a plan as a check result.
func planResult(p *plan.Plan) *engine.Result {
	res := &engine.Result{Findings: p.Findings, Files: len(p.Pending), Sources: map[string]*source.File{}}
	for _, pf := range p.Pending {
		res.Statements += len(pf.Statements)
		res.Sources[pf.Path] = pf.File
	}
	// The review names files relative to the config's directory.
	for _, f := range p.Findings {
		if res.Sources[f.Path] != nil {
			continue
		}
		for _, pf := range p.Pending {
			if strings.HasSuffix(filepath.ToSlash(pf.Path), "/"+f.Path) {
				res.Sources[f.Path] = pf.File
				break
			}
		}
	}
	return res
}

// writeFindings prints review findings with code frames, like check.
func writeFindings(w io.Writer, p *plan.Plan) {
	if len(p.Findings) == 0 {
		return
	}
	_ = report.Text(w, planResult(p), report.Options{Version: buildinfo.Version(), Root: repoRoot(), Failed: p.Blocked})
}
