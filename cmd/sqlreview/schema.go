package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/sqlreview/sqlreview/orchestrator"
)

// cmdSchema runs `schema dump`: the normalized live schema on stdout.
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

// cmdDrift compares the live schema with the snapshot of the last apply;
// exit 1 on drift.
func cmdDrift(args []string, stdout, stderr io.Writer) (int, error) {
	var a dbArgs
	fs := newFlagSet("drift", stderr)
	if err := parseDB("drift", args, &a, fs, 0); err != nil {
		if errors.Is(err, errHelpShown) {
			return helpFor("drift", "drift (--database-url URL | --env E [--target T]) [--format text|json]", fs, stdout)
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
	if format == "json" {
		if removed == nil {
			removed = []string{}
		}
		if added == nil {
			added = []string{}
		}
		return map[string]any{"drift": drift, "removed": removed, "added": added}, code, nil
	}
	if !drift {
		fmt.Fprintf(stdout, "%s: no drift since the last apply\n", r.Target)
		return nil, code, nil
	}
	fmt.Fprintf(stdout, "%s: the schema changed outside sqlreview since the last apply:\n", r.Target)
	for _, l := range removed {
		fmt.Fprintf(stdout, "- %s\n", l)
	}
	for _, l := range added {
		fmt.Fprintf(stdout, "+ %s\n", l)
	}
	return nil, code, nil
}
