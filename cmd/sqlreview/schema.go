package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/orchestrator/event"
	"github.com/sqlreview/sqlreview/orchestrator/runner"
	"github.com/sqlreview/sqlreview/orchestrator/store"
)

// cmdSchema runs `schema dump`: the live schema as SQL on stdout (psql
// loads it into an empty database; lint.catalog reads it).
func cmdSchema(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 || args[0] != "dump" {
		return exitError, usagef("schema: use `sqlreview schema dump --database-url URL` or `sqlreview schema dump --env E [--target T]`")
	}
	var a dbArgs
	fs := newFlagSet("schema dump", stderr)
	if err := parseDB("schema dump", args[1:], &a, fs, 0); err != nil {
		return exitError, err
	}
	return runTargets(context.Background(), "schema dump", &a, stdout, stderr, func(ctx context.Context, r *runner.Runner, out io.Writer) (any, int, error) {
		text, err := r.DumpSchema(ctx)
		if err != nil {
			return nil, exitError, err
		}
		if a.format == "json" {
			return map[string]string{"target": r.Target, "schema": text}, exitOK, nil
		}
		_, err = io.WriteString(out, text)
		return nil, exitOK, err
	})
}

// cmdDrift compares the live schema with the snapshot of the last apply;
// exit 1 on drift. `drift accept` records the live schema as the snapshot.
func cmdDrift(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) > 0 && args[0] == "accept" {
		return cmdDriftAccept(args[1:], stdout, stderr)
	}
	var a dbArgs
	fs := newFlagSet("drift", stderr)
	if err := parseDB("drift", args, &a, fs, 0); err != nil {
		return exitError, err
	}
	return runTargets(context.Background(), "drift", &a, stdout, stderr, func(ctx context.Context, r *runner.Runner, out io.Writer) (any, int, error) {
		return driftTarget(ctx, r, a.format, out)
	})
}

// driftTarget compares one database with the snapshot of its last apply.
func driftTarget(ctx context.Context, r *runner.Runner, format string, stdout io.Writer) (any, int, error) {
	removed, added, err := r.Drift(ctx)
	if err != nil {
		return nil, exitFindings, err
	}
	drift := len(removed)+len(added) > 0
	code := exitOK
	if drift {
		code = exitFindings
	}
	// Under migrations.drift: warn a drifted target keeps its snapshot,
	// so the files applied since are part of the difference.
	behind, err := r.SnapshotBehind(ctx)
	if err != nil {
		return nil, exitFindings, err
	}
	if format == "json" {
		return map[string]any{"drift": drift, "removed": orEmpty(removed), "added": orEmpty(added), "appliedSinceSnapshot": orEmpty(behind)}, code, nil
	}
	if !drift {
		fmt.Fprintf(stdout, "%s: no drift since the last apply\n", r.Target)
		return nil, code, nil
	}
	fmt.Fprintf(stdout, "%s: the schema changed outside sqlreview since the last apply:\n", r.Target)
	writeDrift(stdout, removed, added)
	if len(behind) > 0 {
		fmt.Fprintf(stdout, "note: the snapshot predates version(s) %s, applied to the drifted schema under migrations.drift: warn; their changes are part of the difference until `sqlreview drift accept`\n",
			report.Escape(strings.Join(behind, ", ")))
	}
	return nil, code, nil
}

// cmdDriftAccept records the live schema of each selected target as its
// new snapshot, with who and why in the event log (drift-accepted).
func cmdDriftAccept(args []string, stdout, stderr io.Writer) (int, error) {
	var a dbArgs
	fs := newFlagSet("drift accept", stderr)
	reason := fs.String("reason", "", "`TEXT`: why the schema changed outside sqlreview (recorded with who accepted it)")
	if err := parseDB("drift accept", args, &a, fs, 0); err != nil {
		return exitError, err
	}
	if strings.TrimSpace(*reason) == "" {
		return exitError, usagef("drift accept: --reason TEXT is required: why the schema changed outside sqlreview (e.g. --reason \"hotfix INC-42\")")
	}
	var st *store.Store
	if a.env != "" {
		st = storeForDriftAccept(&a, stderr)
		if st != nil {
			defer st.Close()
		}
	}
	return runTargets(context.Background(), "drift accept", &a, stdout, stderr, func(ctx context.Context, r *runner.Runner, out io.Writer) (any, int, error) {
		removed, added, err := r.AcceptDrift(ctx, *reason)
		if err != nil {
			return nil, exitFindings, err
		}
		accepted := len(removed)+len(added) > 0
		if accepted && st != nil {
			e := event.Event{Kind: event.DriftAccepted, At: time.Now().UTC(), Env: a.env, Target: targetName(ctx),
				By: r.Actor(), Detail: *reason + " (" + runner.DriftSummary(removed, added) + ")"}
			if err := st.AddEvent(ctx, e); err != nil {
				fmt.Fprintf(stderr, "sqlreview: warning: target %s: the accepted drift is in its event log, but the state store did not record it for `status`: %s\n",
					e.Target, oneLine(err.Error()))
			}
		}
		if a.format == "json" {
			return map[string]any{"accepted": accepted, "reason": *reason, "removed": orEmpty(removed), "added": orEmpty(added)}, exitOK, nil
		}
		if !accepted {
			fmt.Fprintf(out, "%s: no drift to accept; nothing recorded\n", r.Target)
			return nil, exitOK, nil
		}
		fmt.Fprintf(out, "%s: accepted the drift (%s) as the new snapshot: %s\n", r.Target, runner.DriftSummary(removed, added), report.Escape(*reason))
		writeDrift(out, removed, added)
		return nil, exitOK, nil
	})
}

// writeDrift prints the statements drift found (see
// runner.DriftLines), escaped.
func writeDrift(w io.Writer, removed, added []string) {
	for _, l := range runner.DriftLines(removed, added) {
		fmt.Fprintln(w, report.Escape(l))
	}
}

// storeForDriftAccept opens the state store, where `drift accept --env`
// also records each accepted drift for `status`; nil (with a warning)
// when it cannot be opened: the targets' event logs still record it.
func storeForDriftAccept(a *dbArgs, stderr io.Writer) *store.Store {
	sa := stateArgs{configPath: a.configPath}
	_, st, err := openState(context.Background(), &sa)
	if err != nil {
		fmt.Fprintf(stderr, "sqlreview: warning: the state store cannot be opened, so `status` will not show this accepted drift: %s\n", oneLine(err.Error()))
		return nil
	}
	return st
}

// driftAcceptedStatus is the newest drift accepted on a target, as
// `status` shows it.
type driftAcceptedStatus struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Detail string    `json:"detail"`
}

// acceptedDrifts reads the newest accepted drift of every target from the
// state store, keyed by env + "\x00" + target; none when it cannot.
func acceptedDrifts(ctx context.Context, st *store.Store) map[string]*driftAcceptedStatus {
	events, err := st.LatestEvents(ctx, event.DriftAccepted)
	out := map[string]*driftAcceptedStatus{}
	if err != nil {
		return out
	}
	for k, e := range events {
		out[k] = &driftAcceptedStatus{At: e.At, By: e.By, Detail: e.Detail}
	}
	return out
}

// writeAcceptedDrift adds the newest accepted drift to a status line.
func writeAcceptedDrift(w io.Writer, d *driftAcceptedStatus) {
	if d != nil {
		fmt.Fprintf(w, " (drift accepted %s by %s: %s)", d.At.UTC().Format("2006-01-02 15:04"), report.Escape(d.By), oneLine(report.Escape(d.Detail)))
	}
}
