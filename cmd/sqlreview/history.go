package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/orchestrator/history"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
)

// cmdHistory prints what ran, when, by whom, how long and the result.
func cmdHistory(args []string, stdout, stderr io.Writer) (int, error) {
	var a dbArgs
	fs := newFlagSet("history", stderr)
	events := fs.Bool("events", false, "text format: also print the event log")
	if err := parseDB("history", args, &a, fs, 0); err != nil {
		return exitError, err
	}
	// --events with --env shows each target's history and event log in
	// turn (the one-table view has no room for events).
	if a.env != "" && !*events {
		return historyEnv(&a, stdout, stderr)
	}
	return runTargets(context.Background(), "history", &a, stdout, stderr, func(ctx context.Context, r *runner.Runner, out io.Writer) (any, int, error) {
		return historyTarget(ctx, r, a.format, *events, out)
	})
}

// historyTarget prints the history of one database.
func historyTarget(ctx context.Context, r *runner.Runner, format string, events bool, stdout io.Writer) (any, int, error) {
	rows, evs, err := r.History(ctx)
	if err != nil {
		return nil, exitError, err
	}
	if format == "json" {
		if rows == nil {
			rows = []history.Row{}
		}
		if evs == nil {
			evs = []history.Event{}
		}
		return map[string]any{"history": rows, "events": evs}, exitOK, nil
	}
	if len(rows) == 0 {
		fmt.Fprintf(stdout, "%s: no migrations applied\n", r.Target)
		return nil, exitOK, nil
	}
	fmt.Fprintf(stdout, "%-22s %-9s %-20s %-16s %9s %-11s %-4s %s\n", "VERSION", "STATUS", "FINISHED (UTC)", "BY", "DURATION", "STATEMENTS", "KIND", "NAME")
	for _, row := range rows {
		fin, dur := "-", "-"
		if row.FinishedAt != nil {
			fin = row.FinishedAt.UTC().Format("2006-01-02 15:04:05")
		}
		if row.DurationMS != nil {
			dur = (time.Duration(*row.DurationMS) * time.Millisecond).String()
		}
		fmt.Fprintf(stdout, "%-22s %-9s %-20s %-16s %9s %5d/%-5d %-4s %s\n", report.EscapeLineStart(row.Version), report.Escape(row.Status), fin,
			report.Escape(row.AppliedBy+"@"+row.Host), dur, row.StatementsApplied, row.StatementsTotal, report.Escape(orDash(row.Kind)), report.Escape(row.Name))
		if row.Error != "" {
			fmt.Fprintf(stdout, "    error: %s\n", oneLine(row.Error))
		}
	}
	if events {
		fmt.Fprintln(stdout, "\nEVENTS")
		for _, e := range evs {
			fmt.Fprintf(stdout, "%6d %s %-22s %-10s %-16s %s\n", e.ID, e.At.UTC().Format(time.RFC3339), report.Escape(e.Kind), report.Escape(e.Version),
				report.Escape(e.Actor+"@"+e.Host), report.Escape(string(e.Detail)))
		}
	}
	return nil, exitOK, nil
}
