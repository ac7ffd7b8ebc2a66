package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"syscall"
	"time"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/orchestrator"
	"github.com/sqlreview/sqlreview/rules/engine"
	"github.com/sqlreview/sqlreview/rules/source"
)

const applyUsage = "apply [--database-url URL] [DIR] [--no-review] [--lock-wait 10m] [--release ID]"

// cmdApply applies the pending migrations. SIGINT and SIGTERM cancel the
// running statement; the failure is recorded and the exit code is 1.
func cmdApply(args []string, stdout, stderr io.Writer) (int, error) {
	var a dbArgs
	fs := newFlagSet("apply", stderr)
	fs.BoolVar(&a.noReview, "no-review", false, "skip the review of the pending files against the live schema")
	fs.DurationVar(&a.lockWait, "lock-wait", 10*time.Minute, "how long to wait for another migrator")
	fs.StringVar(&a.release, "release", "", "release id recorded with each applied file")
	if err := parseDB("apply", args, &a, fs, 1); err != nil {
		if errors.Is(err, errHelpShown) {
			return helpFor("apply", applyUsage, fs, stdout)
		}
		return exitError, err
	}
	red := orchestrator.NewRedactor(a.url)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	r, err := openRunner(ctx, &a, stdout, stderr)
	if err != nil {
		return dbError(stderr, red, err, exitError)
	}
	defer r.Close()
	if a.noReview {
		fmt.Fprintln(stderr, "sqlreview: WARNING: --no-review: the pending migrations are NOT reviewed before they run")
	}
	res, err := r.Apply(ctx)
	if err != nil {
		return dbError(stderr, red, err, exitFindings)
	}
	if a.format == "json" {
		return exitOK, writeJSON(stdout, map[string]any{"applied": res.Applied})
	}
	fmt.Fprintf(stdout, "%s: %d applied by this run\n", r.Target, len(res.Applied))
	return exitOK, nil
}

// writeFindings prints review findings with code frames, like check.
func writeFindings(w io.Writer, p *orchestrator.Plan) {
	if len(p.Findings) == 0 {
		return
	}
	res := &engine.Result{Findings: p.Findings, Files: len(p.Pending), Sources: map[string]*source.File{}}
	for _, pf := range p.Pending {
		res.Statements += len(pf.Statements)
		res.Sources[pf.Path] = pf.File
	}
	_ = report.Text(w, res, report.Options{Version: version, Root: repoRoot(), Failed: p.Blocked})
}
