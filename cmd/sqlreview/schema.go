package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sqlreview/sqlreview/cmd/internal/report"
	"github.com/sqlreview/sqlreview/orchestrator"
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
		if errors.Is(err, errHelpShown) {
			return helpFor("schema dump", "schema dump (--database-url URL | --env E [--target T]) [--format text|json]", fs, stdout)
		}
		return exitError, err
	}
	return runTargets(context.Background(), "schema dump", &a, stdout, stderr, func(ctx context.Context, r *orchestrator.Runner, out io.Writer) (any, int, error) {
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

const driftAcceptUsage = "drift accept (--database-url URL | --env E [--target T]) --reason TEXT [--format text|json]"

// cmdDrift compares the live schema with the snapshot of the last apply;
// exit 1 on drift. `drift accept` records the live schema as the snapshot.
func cmdDrift(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) > 0 && args[0] == "accept" {
		return cmdDriftAccept(args[1:], stdout, stderr)
	}
	var a dbArgs
	fs := newFlagSet("drift", stderr)
	if err := parseDB("drift", args, &a, fs, 0); err != nil {
		if errors.Is(err, errHelpShown) {
			return helpFor("drift", "drift (--database-url URL | --env E [--target T]) [--format text|json] | "+driftAcceptUsage, fs, stdout)
		}
		return exitError, err
	}
	return runTargets(context.Background(), "drift", &a, stdout, stderr, func(ctx context.Context, r *orchestrator.Runner, out io.Writer) (any, int, error) {
		return driftTarget(ctx, r, a.format, out)
	})
}

// driftTarget compares one database with the snapshot of its last apply.
func driftTarget(ctx context.Context, r *orchestrator.Runner, format string, stdout io.Writer) (any, int, error) {
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
	reason := fs.String("reason", "", "why the schema changed outside sqlreview (recorded with who accepted it)")
	if err := parseDB("drift accept", args, &a, fs, 0); err != nil {
		if errors.Is(err, errHelpShown) {
			return helpFor("drift accept", driftAcceptUsage, fs, stdout)
		}
		return exitError, err
	}
	if strings.TrimSpace(*reason) == "" {
		return exitError, usagef("drift accept: --reason TEXT is required: why the schema changed outside sqlreview (e.g. --reason \"hotfix INC-42\")")
	}
	return runTargets(context.Background(), "drift accept", &a, stdout, stderr, func(ctx context.Context, r *orchestrator.Runner, out io.Writer) (any, int, error) {
		removed, added, err := r.AcceptDrift(ctx, *reason)
		if err != nil {
			return nil, exitFindings, err
		}
		accepted := len(removed)+len(added) > 0
		if a.format == "json" {
			return map[string]any{"accepted": accepted, "reason": *reason, "removed": orEmpty(removed), "added": orEmpty(added)}, exitOK, nil
		}
		if !accepted {
			fmt.Fprintf(out, "%s: no drift to accept; nothing recorded\n", r.Target)
			return nil, exitOK, nil
		}
		fmt.Fprintf(out, "%s: accepted the drift (%s) as the new snapshot: %s\n", r.Target, orchestrator.DriftSummary(removed, added), report.Escape(*reason))
		writeDrift(out, removed, added)
		return nil, exitOK, nil
	})
}

// writeDrift prints the statements drift found (see
// orchestrator.DriftLines), escaped.
func writeDrift(w io.Writer, removed, added []string) {
	for _, l := range orchestrator.DriftLines(removed, added) {
		fmt.Fprintln(w, report.Escape(l))
	}
}
