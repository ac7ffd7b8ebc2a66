package main

import (
	"context"
	"fmt"
	"io"

	"github.com/sqlreview/sqlreview/orchestrator/runner"
)

// cmdBaseline adopts an existing database: versions up to --version count
// as applied. With --env it adopts every target of the environment.
func cmdBaseline(args []string, stdout, stderr io.Writer) (int, error) {
	return versionCommand("baseline", args, stdout, stderr, func(ctx context.Context, r *runner.Runner, v string, out io.Writer) (any, error) {
		if err := r.Baseline(ctx, v); err != nil {
			return nil, err
		}
		fmt.Fprintf(out, "%s: baselined at version %s; migrations up to it count as applied\n", r.Target, v)
		return map[string]string{"target": r.Target, "baselined": v}, nil
	})
}

// cmdRepair accepts the current content of an applied file whose checksum
// changed; the event log records both checksums.
func cmdRepair(args []string, stdout, stderr io.Writer) (int, error) {
	return versionCommand("repair", args, stdout, stderr, func(ctx context.Context, r *runner.Runner, v string, out io.Writer) (any, error) {
		oldSum, newSum, err := r.Repair(ctx, v)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(out, "%s: version %s now expects checksum %s (was %s)\n", r.Target, v, newSum, oldSum)
		return map[string]string{"target": r.Target, "version": v, "checksum": newSum, "previous": oldSum}, nil
	})
}

// versionCommand runs baseline or repair: fn writes its text to out and
// returns its JSON document.
func versionCommand(name string, args []string, stdout, stderr io.Writer, fn func(context.Context, *runner.Runner, string, io.Writer) (any, error)) (int, error) {
	var a dbArgs
	fs := newFlagSet(name, stderr)
	ver := fs.String("version", "", "`V`: the migration version")
	if err := parseDB(name, args, &a, fs, 1); err != nil {
		return exitError, err
	}
	if *ver == "" {
		return exitError, usagef("%s: --version is required, e.g. --version 20250115090000", name)
	}
	return runTargets(context.Background(), name, &a, stdout, stderr, func(ctx context.Context, r *runner.Runner, out io.Writer) (any, int, error) {
		text := out
		if a.format == "json" {
			text = io.Discard
		}
		doc, err := fn(ctx, r, *ver, text)
		if err != nil {
			return nil, exitFindings, err
		}
		if a.format != "json" {
			doc = nil
		}
		return doc, exitOK, nil
	})
}
